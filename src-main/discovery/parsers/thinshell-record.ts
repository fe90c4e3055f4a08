import { hasControlCharacters } from '../../common/text.ts';

/** The broker kinds a record's `type=` may name (direct hosts as rdp or spice). */
export const recordTypes = ['pve', 'ovirt', 'rdweb', 'rdp', 'spice'] as const;
export type RecordType = (typeof recordTypes)[number];

/**
 * A thinshell discovery record, as DNS TXT, mDNS TXT or a DHCP option carries it:
 * `v=thinshell1; broker=pve://pve.corp.example; name=Lab; priority=10`. See
 * src-main/discovery/README.md for the keys.
 */
export interface ThinshellRecord {
  /** A broker address, as first-run setup takes it. */
  broker?: string;
  /** The kind of broker at the SRV (or mDNS) host and port, when `broker` is not given. */
  type?: RecordType;
  /** Path on that host (oVirt or RD Web at a non-default path). */
  path?: string;
  /** The broker's name in the UI. */
  name?: string;
  /** Lower comes first among the records of one name. */
  priority?: number;
  /** Keys this version does not know (kept for the report; a later version may use them). */
  unknownKeys: string[];
}

export class RecordError extends Error {
  override readonly name = 'RecordError';
}

export const maxRecordLength = 4096;

/** True when the text claims to be ours: it starts with `v=thinshell`. */
export function looksLikeThinshellRecord(text: string): boolean {
  return /^\s*v\s*=\s*thinshell/i.test(text);
}

/**
 * Parses one record. Throws RecordError with the reason for anything else: a record that is
 * not ours (no leading `v=thinshell1`), a later version, a duplicate key, a bad value.
 */
export function parseThinshellRecord(text: string): ThinshellRecord {
  if (text.length > maxRecordLength) throw new RecordError(`record is ${text.length} characters long; at most ${maxRecordLength}`);
  if (hasControlCharacters(text)) throw new RecordError('record holds control characters');
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
  const pairs = parts.map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new RecordError(`"${clip(part)}" is not key=value`);
    const key = part.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(key)) throw new RecordError(`"${clip(part.slice(0, eq))}" is not a key`);
    return [key, part.slice(eq + 1).trim()] as const;
  });
  const [first] = pairs;
  if (!first || first[0] !== 'v' || !/^thinshell/i.test(first[1])) throw new RecordError('record does not start with v=thinshell1');
  if (first[1].toLowerCase() !== 'thinshell1') throw new RecordError(`record version "${clip(first[1])}" is not understood (this version reads thinshell1)`);
  const record: ThinshellRecord = { unknownKeys: [] };
  const seen = new Set<string>();
  for (const [key, value] of pairs.slice(1)) {
    if (seen.has(key) || key === 'v') throw new RecordError(`key "${key}" appears twice`);
    seen.add(key);
    if (value === '') throw new RecordError(`key "${key}" has no value`);
    switch (key) {
      case 'broker':
        record.broker = value;
        break;
      case 'type': {
        const type = recordTypes.find((t) => t === value.toLowerCase());
        if (!type) throw new RecordError(`type "${clip(value)}" is not one of ${recordTypes.join(', ')}`);
        record.type = type;
        break;
      }
      case 'path':
        if (!/^\/[A-Za-z0-9._~!$&'()*+,=:@%/-]*$/.test(value)) throw new RecordError(`path "${clip(value)}" is not a URL path starting with /`);
        record.path = value;
        break;
      case 'name':
        if (value.length > 128) throw new RecordError('name is longer than 128 characters');
        record.name = value;
        break;
      case 'priority':
        if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new RecordError(`priority "${clip(value)}" is not a number 0-65535`);
        record.priority = Number(value);
        break;
      default:
        record.unknownKeys.push(key);
    }
  }
  if (!record.broker && !record.type) throw new RecordError('record names neither broker= nor type=');
  return record;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
