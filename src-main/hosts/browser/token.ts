import { randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;
const TOKEN_HEX = /^[0-9a-f]{64}$/;

/**
 * The one page token of the bridge. At most one token is valid at a time; it is consumed by the
 * first connection that presents it, so a token copied from a URL, a log or /proc is worth
 * nothing once the real page has connected. Issuing a new token invalidates the old one.
 */
export class PageToken {
  #current: Buffer | undefined;

  /** A fresh random token (64 hex chars); the previous one stops working. */
  issue(): string {
    this.#current = randomBytes(TOKEN_BYTES);
    return this.#current.toString('hex');
  }

  /** True once, for the current token: it is consumed on success. Constant-time comparison. */
  consume(candidate: string | null | undefined): boolean {
    const expected = this.#current;
    if (!expected || typeof candidate !== 'string' || !TOKEN_HEX.test(candidate)) return false;
    const given = Buffer.from(candidate, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    this.#current = undefined;
    return true;
  }

  /** Forget the token (the host is shutting down, or the page connected). */
  revoke(): void {
    this.#current = undefined;
  }
}
