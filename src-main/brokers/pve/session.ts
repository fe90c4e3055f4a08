import { ShellError, type ConnectStep, type Desktop } from '../../contract/index.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import { Secret } from '../../common/secret.ts';
import type { PveBroker } from '../../policy/schema.ts';
import type { SpiceConnection } from '../../sessions/types.ts';
import type { BrokerSession } from '../types.ts';
import type { PveApi } from './api.ts';
import { launchGuest } from './launch.ts';
import { guestsFromResources, ticketFromReply, type Guest } from './replies.ts';

export interface PveSessionOptions {
  connectTimeoutSec: number;
  /** When to renew a ticket (PVE tickets live 2 h); default 90 min. */
  renewAfterMs?: number;
  log?: Logger;
}

const DEFAULT_RENEW_MS = 90 * 60_000;
const RETRY_RENEW_MS = 60_000;

/**
 * A user signed in at Proxmox VE. A ticket is renewed by one timer before it expires (no
 * polling; cleared at sign-out); a token needs none. Nothing of it survives signOut.
 */
export class PveSession implements BrokerSession {
  #guests = new Map<string, Guest>();
  #timer: NodeJS.Timeout | undefined;
  readonly #stop = new AbortController();
  readonly #log: Logger;
  /** Renewals that went through (tests and logs). */
  renewals = 0;

  constructor(
    private readonly api: PveApi,
    readonly user: string,
    private readonly config: PveBroker,
    private readonly options: PveSessionOptions,
  ) {
    this.#log = options.log ?? silentLogger;
    if (api.auth?.kind === 'ticket') this.#schedule(options.renewAfterMs ?? DEFAULT_RENEW_MS);
  }

  async listDesktops(signal: AbortSignal): Promise<Desktop[]> {
    const value = await this.api.call({ method: 'GET', path: '/cluster/resources', what: 'guest list', signal });
    const { desktops, guests } = guestsFromResources(value);
    this.#guests = guests;
    return desktops;
  }

  async prepareLaunch(desktopId: string, signal: AbortSignal, onStep: (step: ConnectStep) => void): Promise<SpiceConnection> {
    if (this.#stop.signal.aborted) throw new ShellError('not-allowed-now', 'signed out');
    const guest = this.#guests.get(desktopId);
    if (!guest) throw new ShellError('desktop-unavailable', `no guest "${desktopId}" in the last list`);
    return launchGuest(
      this.api,
      guest,
      { deadlineMs: this.options.connectTimeoutSec * 1000, ...(this.config.spiceProxy ? { spiceProxy: this.config.spiceProxy } : {}) },
      signal,
      onStep,
    );
  }

  async signOut(): Promise<void> {
    // PVE tickets are stateless (no server-side logout): forgetting them is the sign-out.
    this.#stop.abort();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#guests.clear();
    this.api.setAuth(undefined);
    this.api.http.close();
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    if (this.#stop.signal.aborted) return;
    this.#timer = setTimeout(() => void this.#renew(), ms);
    this.#timer.unref();
  }

  /** POST /access/ticket with the ticket as the password: a fresh ticket, no second factor. */
  async #renew(): Promise<void> {
    const auth = this.api.auth;
    if (auth?.kind !== 'ticket') return;
    try {
      const value = await this.api.call({
        method: 'POST',
        path: '/access/ticket',
        form: { username: this.user, password: auth.ticket.reveal() },
        what: 'ticket renewal',
        signal: this.#stop.signal,
      });
      const next = ticketFromReply(value);
      if (next.kind !== 'ticket') throw new ShellError('broker-bad-reply', 'ticket renewal asked for a second factor');
      if (this.#stop.signal.aborted) return;
      this.api.setAuth({ kind: 'ticket', ticket: new Secret(next.ticket), csrf: next.csrf });
      this.renewals += 1;
      this.#log.info('ticket renewed', { broker: this.config.id, user: this.user });
      this.#schedule(this.options.renewAfterMs ?? DEFAULT_RENEW_MS);
    } catch (err) {
      if (this.#stop.signal.aborted) return;
      // A refused ticket will not come back: the next call tells the user to sign in again.
      if (err instanceof ShellError && err.code === 'auth-failed') {
        this.#log.warn('ticket renewal refused', { broker: this.config.id, error: err.message });
        return;
      }
      this.#log.warn('ticket renewal failed; trying again', { broker: this.config.id, error: (err as Error).message });
      this.#schedule(Math.min(RETRY_RENEW_MS, this.options.renewAfterMs ?? DEFAULT_RENEW_MS));
    }
  }
}
