import { createHmac, randomBytes } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../common/atomic-write.ts';
import type { Logger } from '../common/log.ts';
import type { UsbChoice } from './status.ts';

/**
 * Remembered redirect / keep-local choices (policy `usb.remember`): for this terminal, or per
 * user. Users are keyed by an HMAC of broker and user name with this file's own random salt, so
 * the file does not list who used the terminal; devices by vendor:product[:serial]. No secrets.
 * One JSON file (default /var/lib/thinshell/usb-choices.json, 0600), written atomically; a file
 * that does not parse is moved aside (`.invalid`), never overwritten.
 */
export const DEFAULT_CHOICES_PATH = '/var/lib/thinshell/usb-choices.json';

const MAX_CHOICES = 64;
const MAX_USERS = 500;
const Key = z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{4}(:[^\n]{1,128})?$/);
const ChoiceMap = z.record(Key, z.enum(['redirect', 'local']));
const ChoicesFile = z
  .object({
    version: z.literal(1),
    salt: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    terminal: ChoiceMap.default({}),
    users: z.record(z.string().regex(/^[A-Za-z0-9_-]{22}$/), z.object({ at: z.number().int().nonnegative(), choices: ChoiceMap }).strict()).default({}),
  })
  .strict();
type ChoicesFile = z.infer<typeof ChoicesFile>;

export type ChoiceScope = { kind: 'terminal' } | { kind: 'user'; brokerId: string; user: string };

export class ChoiceStore {
  #data: ChoicesFile;
  #writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    data: ChoicesFile,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.#data = data;
  }

  static async open(path: string, log: Logger, now: () => number = Date.now): Promise<ChoiceStore> {
    const fresh = (): ChoicesFile => ({ version: 1, salt: randomBytes(32).toString('base64url'), terminal: {}, users: {} });
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('USB choices unreadable; starting without them', { path, error: (err as Error).message });
      return new ChoiceStore(path, fresh(), log, now);
    }
    let parsed: ReturnType<typeof ChoicesFile.safeParse>;
    try {
      parsed = ChoicesFile.safeParse(JSON.parse(text));
    } catch {
      parsed = { success: false } as ReturnType<typeof ChoicesFile.safeParse>;
    }
    if (parsed.success) return new ChoiceStore(path, parsed.data, log, now);
    const aside = `${path}.invalid`;
    await rename(path, aside).catch(() => undefined);
    log.warn('USB choices file is not valid; moved aside, starting without it', { path, movedTo: aside });
    return new ChoiceStore(path, fresh(), log, now);
  }

  /** The choices that apply in this scope. */
  get(scope: ChoiceScope): Map<string, UsbChoice> {
    const map = scope.kind === 'terminal' ? this.#data.terminal : this.#data.users[this.userKey(scope.brokerId, scope.user)]?.choices;
    return new Map(Object.entries(map ?? {}));
  }

  async set(scope: ChoiceScope, key: string, choice: UsbChoice): Promise<void> {
    if (!Key.safeParse(key).success) throw new Error(`not a device key: ${key.slice(0, 40)}`);
    const data = structuredClone(this.#data);
    let map: Record<string, UsbChoice>;
    if (scope.kind === 'terminal') map = data.terminal;
    else {
      const id = this.userKey(scope.brokerId, scope.user);
      const entry = (data.users[id] ??= { at: 0, choices: {} });
      entry.at = this.now();
      map = entry.choices;
    }
    delete map[key];
    map[key] = choice;
    const keys = Object.keys(map);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_CHOICES))) delete map[old];
    const users = Object.entries(data.users).sort((a, b) => b[1].at - a[1].at);
    data.users = Object.fromEntries(users.slice(0, MAX_USERS));
    this.#data = data;
    const text = `${JSON.stringify(data, null, 2)}\n`;
    // One write after another, so the last choice is the one on disk.
    this.#writing = this.#writing.then(() => writeFileAtomic(this.path, text)).catch((err: unknown) => {
      this.log.warn('USB choices could not be saved', { path: this.path, error: (err as Error).message });
    });
    await this.#writing;
  }

  /** Not the user name: an HMAC of it, with this terminal's salt. */
  userKey(brokerId: string, user: string): string {
    return createHmac('sha256', this.#data.salt).update(`${brokerId}\n${user.trim().toLowerCase()}`).digest('base64url').slice(0, 22);
  }
}
