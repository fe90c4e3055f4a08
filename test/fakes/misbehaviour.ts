import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Ways a fake broker can misbehave on request, the same for every fake: a rule matches a
 * method and path and spoils the reply the fake would have sent (`times` replies, or all).
 */
export type Misbehaviour =
  | { kind: 'malformed-json' }
  | { kind: 'truncated' }
  | { kind: 'slow'; ms: number }
  | { kind: 'wrong-types' }
  | { kind: 'status'; status: number; text?: string }
  | { kind: 'huge'; bytes: number }
  | { kind: 'hang' };

export interface MisbehaviourRule {
  method?: string;
  path: RegExp;
  times?: number;
  what: Misbehaviour;
}

export class Misbehaviours {
  #rules: MisbehaviourRule[] = [];

  add(rule: MisbehaviourRule): void {
    this.#rules.push({ ...rule });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The misbehaviour for this request, if any rule still applies (counts it down). */
  take(req: IncomingMessage): Misbehaviour | undefined {
    const path = (req.url ?? '').split('?')[0]!;
    const rule = this.#rules.find((r) => (!r.method || r.method === req.method) && r.path.test(path) && (r.times === undefined || r.times > 0));
    if (!rule) return undefined;
    if (rule.times !== undefined) rule.times -= 1;
    return rule.what;
  }
}

/** Numbers become strings and strings numbers, all the way down: a reply of the wrong types. */
export function wrongTypes(value: unknown): unknown {
  if (typeof value === 'number') return `${value}x`;
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.map(wrongTypes);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrongTypes(v)]));
  return value;
}

/**
 * Sends `body` (JSON text of `value`) spoiled as `bad` says; returns false when `bad` is a
 * delay only, so the caller sends the reply itself after it.
 */
export async function sendSpoiled(res: ServerResponse, status: number, value: unknown, bad: Misbehaviour | undefined, contentType = 'application/json;charset=UTF-8'): Promise<void> {
  const text = JSON.stringify(value);
  switch (bad?.kind) {
    case undefined:
      break;
    case 'slow':
      await new Promise((r) => setTimeout(r, bad.ms));
      break;
    case 'hang':
      return;
    case 'malformed-json':
      res.writeHead(status, { 'Content-Type': contentType });
      res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))) + '}{,');
      return;
    case 'truncated':
      res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(text.length + 100) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    case 'wrong-types': {
      const spoiled = JSON.stringify(wrongTypes(value));
      res.writeHead(status, { 'Content-Type': contentType });
      res.end(spoiled);
      return;
    }
    case 'status':
      res.writeHead(bad.status, bad.text ?? 'Fake Failure', { 'Content-Type': contentType });
      res.end(JSON.stringify({ data: null }));
      return;
    case 'huge': {
      res.writeHead(status, { 'Content-Type': contentType });
      const chunk = Buffer.alloc(65536, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < bad.bytes && res.write(chunk)) sent += chunk.length;
        if (sent < bad.bytes) res.once('drain', more);
        else res.end();
      };
      more();
      return;
    }
    default: {
      const never: never = bad;
      throw new Error(`unknown misbehaviour ${String(never)}`);
    }
  }
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(text);
}
