import { LeaseSyntaxError, tokenize, type Token } from './lease-lexer.ts';
import { hexBytes } from './hex.ts';

/** One DHCP option as a lease file carries it. */
export interface LeaseOption {
  /** As dhclient names it: `unknown-224`, `vendor-encapsulated-options`, `domain-search` ... */
  name: string;
  /** The option number, where the name tells it (unknown-N, or a name we know). */
  code?: number;
  /** The value as written in the file (strings without their quotes). */
  value: string;
  /** The raw bytes, for a value written as one quoted string or colon hex. */
  bytes?: Uint8Array;
}

export type LeaseTime = { at: Date } | 'never';

export interface DhclientLease {
  /** Line of the file where the lease starts. */
  line: number;
  interface?: string;
  address?: string;
  options: LeaseOption[];
  renew?: LeaseTime;
  rebind?: LeaseTime;
  expire?: LeaseTime;
}

export interface DhclientLeaseFile {
  leases: DhclientLease[];
  /** What could not be read, each with its line; the leases around it are still used. */
  problems: string[];
}

/** dhclient's names for the options discovery reads (and the common ones, for `parse lease`). */
const knownCodes: Record<string, number> = {
  'subnet-mask': 1,
  routers: 3,
  'domain-name-servers': 6,
  'host-name': 12,
  'domain-name': 15,
  'broadcast-address': 28,
  'vendor-encapsulated-options': 43,
  'dhcp-lease-time': 51,
  'dhcp-message-type': 53,
  'dhcp-server-identifier': 54,
  'dhcp-renewal-time': 58,
  'dhcp-rebinding-time': 59,
  'vendor-class-identifier': 60,
  'domain-search': 119,
};

/** Options whose value is opaque bytes: dhclient writes them as a quoted string or colon hex. */
const opaque = (name: string) => name.startsWith('unknown-') || name === 'vendor-encapsulated-options';

/**
 * Reads an ISC dhclient lease file (dhclient.leases(5)): `lease { ... }` blocks, each with
 * `interface`, `fixed-address`, `option NAME VALUE;` and renew/rebind/expire times. `lease6`
 * blocks and other top-level statements are skipped. A broken block is reported and skipped;
 * a file truncated mid-lease (power lost while dhclient wrote it) keeps the leases before it.
 */
export function parseDhclientLeases(text: string): DhclientLeaseFile {
  const problems: string[] = [];
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (err) {
    if (!(err instanceof LeaseSyntaxError)) throw err;
    problems.push(err.message);
    // Keep what came before the bad spot: tokenize the text up to its line.
    tokens = safePrefix(text, err.line);
  }
  const leases: DhclientLease[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === 'word' && (t.text === 'lease' || t.text === 'lease6')) {
      const open = tokens[i + 1];
      if (open?.text !== '{') {
        problems.push(`line ${t.line}: "${t.text}" without "{"`);
        i++;
        continue;
      }
      const end = blockEnd(tokens, i + 1);
      if (end < 0) {
        problems.push(`line ${t.line}: the ${t.text} is not closed (the file ends inside it)`);
        break;
      }
      if (t.text === 'lease') {
        try {
          leases.push(readLease(tokens.slice(i + 2, end), t.line));
        } catch (err) {
          if (!(err instanceof LeaseSyntaxError)) throw err;
          problems.push(err.message);
        }
      }
      i = end + 1;
    } else if (t.text === '}' || t.text === '{') {
      problems.push(`line ${t.line}: unexpected "${t.text}"`);
      i++;
    } else {
      // A top-level statement (default-duid, authoring-byte-order ...): skip to its ";".
      while (i < tokens.length && tokens[i]!.text !== ';' && tokens[i]!.text !== '{') i++;
      if (tokens[i]?.text === '{') {
        const end = blockEnd(tokens, i);
        problems.push(`line ${t.line}: unknown block "${t.text}" skipped`);
        if (end < 0) break;
        i = end;
      }
      i++;
    }
  }
  return { leases, problems };
}

function safePrefix(text: string, badLine: number): Token[] {
  // Everything before the bad line tokenized before the error was found, so it does again.
  try {
    return tokenize(text.split('\n').slice(0, badLine - 1).join('\n'));
  } catch {
    return [];
  }
}

/** Index of the "}" closing the "{" at `open`, or -1. */
function blockEnd(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!.text;
    if (tokens[i]!.kind !== 'punct') continue;
    if (t === '{') depth++;
    else if (t === '}' && --depth === 0) return i;
  }
  return -1;
}

function readLease(body: Token[], line: number): DhclientLease {
  const lease: DhclientLease = { line, options: [] };
  let i = 0;
  while (i < body.length) {
    const start = i;
    while (i < body.length && body[i]!.text !== ';' && body[i]!.text !== '{') i++;
    const head = body[start]!;
    if (body[i]?.text === '{') throw new LeaseSyntaxError(head.line, `a block inside a lease ("${head.text}")`);
    if (i >= body.length) throw new LeaseSyntaxError(head.line, `"${head.text}" is not ended by ";"`);
    statement(lease, body.slice(start, i));
    i++;
  }
  return lease;
}

function statement(lease: DhclientLease, words: Token[]): void {
  const [head, ...args] = words;
  if (!head) return; // a lone ";"
  if (head.kind !== 'word') throw new LeaseSyntaxError(head.line, `a statement cannot start with ${head.kind === 'string' ? 'a string' : `"${head.text}"`}`);
  switch (head.text) {
    case 'interface':
      lease.interface = single(args, head, 'string').text;
      return;
    case 'fixed-address':
      lease.address = single(args, head, 'word').text;
      return;
    case 'option':
      lease.options.push(option(args, head));
      return;
    case 'renew':
    case 'rebind':
    case 'expire':
      lease[head.text] = leaseTime(args, head);
      return;
    default:
      // filename, server-name, medium, bootp, reject ...: nothing discovery reads
      return;
  }
}

function single(args: Token[], head: Token, kind: Token['kind']): Token {
  const only = args[0];
  if (args.length !== 1 || !only || only.kind !== kind) {
    throw new LeaseSyntaxError(head.line, `"${head.text}" takes one ${kind === 'string' ? 'quoted string' : 'value'}`);
  }
  return only;
}

function option(args: Token[], head: Token): LeaseOption {
  const [nameToken, ...value] = args;
  if (!nameToken || nameToken.kind !== 'word' || !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(nameToken.text)) {
    throw new LeaseSyntaxError(head.line, '"option" needs an option name');
  }
  if (value.length === 0) throw new LeaseSyntaxError(head.line, `option ${nameToken.text} has no value`);
  const name = nameToken.text;
  const unknown = /^unknown-(\d{1,3})$/.exec(name);
  const code = unknown ? Number(unknown[1]) : knownCodes[name];
  if (unknown && (code === undefined || code < 1 || code > 254)) throw new LeaseSyntaxError(head.line, `${name} is not an option number 1-254`);
  const text = value.map((t) => t.text).join(' ').replace(/ ,/g, ',');
  const only = value.length === 1 ? value[0] : undefined;
  let bytes: Uint8Array | undefined;
  if (only?.kind === 'string') bytes = only.bytes;
  else if (only?.kind === 'word' && opaque(name)) {
    bytes = hexBytes(only.text);
    if (!bytes) throw new LeaseSyntaxError(head.line, `option ${name}: "${only.text.slice(0, 40)}" is neither a quoted string nor colon hex`);
  }
  return { name, ...(code !== undefined ? { code } : {}), value: text, ...(bytes ? { bytes } : {}) };
}

/** `W YYYY/MM/DD HH:MM:SS` (UTC), `epoch SECONDS`, or `never`. */
function leaseTime(args: Token[], head: Token): LeaseTime {
  const words = args.map((t) => t.text);
  if (words.length === 1 && words[0] === 'never') return 'never';
  if (words.length === 2 && words[0] === 'epoch' && /^\d{1,12}$/.test(words[1]!)) return { at: new Date(Number(words[1]) * 1000) };
  const m = words.length === 3 && /^[0-6]$/.test(words[0]!) ? /^(\d{4})\/(\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(`${words[1]} ${words[2]}`) : null;
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    if (at.getUTCMonth() === mo - 1 && at.getUTCDate() === d && h < 24 && mi < 60 && s < 61) return { at };
  }
  throw new LeaseSyntaxError(head.line, `${head.text}: "${words.join(' ').slice(0, 40)}" is not a time (W YYYY/MM/DD HH:MM:SS, epoch N or never)`);
}
