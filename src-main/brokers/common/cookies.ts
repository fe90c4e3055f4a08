/**
 * The cookies of one broker (one origin): set by the broker's code (PVEAuthCookie) or by the
 * server (Set-Cookie, e.g. .ASPXAUTH), sent back on every request. Values may be tickets: the
 * jar never prints them.
 */
export class CookieJar {
  readonly #values = new Map<string, string>();

  set(name: string, value: string): void {
    this.#values.set(name, value);
  }

  delete(name: string): void {
    this.#values.delete(name);
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  clear(): void {
    this.#values.clear();
  }

  /** Takes `Set-Cookie` lines: name=value; attributes. Max-Age<=0 or an Expires in the past deletes. */
  take(lines: readonly string[] | undefined, now = Date.now()): void {
    for (const line of lines ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attributes.some((a) => {
        const [key = '', val = ''] = a.split('=').map((s) => s.trim());
        if (/^max-age$/i.test(key)) return Number(val) <= 0;
        if (/^expires$/i.test(key)) return Date.parse(val) <= now;
        return false;
      });
      if (gone || value === '') this.#values.delete(name);
      else this.#values.set(name, value);
    }
  }

  /** The Cookie header value, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.#values.size === 0) return undefined;
    return [...this.#values].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  toJSON(): string {
    return `[${this.#values.size} cookies]`;
  }
}
