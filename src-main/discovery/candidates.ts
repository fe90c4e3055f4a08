import { brokerFromAddress } from '../brokers/address.ts';
import type { BrokerCandidate, Findings } from './types.ts';
import { looksLikeThinshellRecord, parseThinshellRecord, type ThinshellRecord } from './parsers/thinshell-record.ts';
import { hasControlCharacters } from '../common/text.ts';

export interface Origin {
  source: string;
  /** Where in words: "dhcp option 224 on eth0". */
  detail: string;
  /** Start of the broker ids from this place (letters, digits, - .): "dhcp-224". */
  idPrefix: string;
  rank: number;
  confirm?: boolean;
}

/**
 * One broker address found somewhere, as a candidate. Every address goes through
 * brokerFromAddress, the parser first-run setup uses; what it refuses lands in `problems`.
 */
export function addCandidate(into: Findings, address: string, origin: Origin, extra: { name?: string } = {}): void {
  try {
    const config = brokerFromAddress(address, safeId(origin.idPrefix));
    if (extra.name) config.name = extra.name;
    const candidate: BrokerCandidate = { config, source: origin.source, detail: origin.detail, rank: origin.rank };
    if (origin.confirm) candidate.confirm = true;
    into.candidates.push(candidate);
  } catch (err) {
    into.problems.push(`${origin.detail}: "${clip(address)}": ${(err as Error).message}`);
  }
}

/** A broker id prefix from any text: what the policy's Id pattern allows, 56 characters at most. */
export function safeId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56);
  return id || 'found';
}

/**
 * A DHCP option's text: a thinshell record (`v=thinshell1; broker=...`) or broker addresses
 * apart by spaces or commas. Bytes that are not UTF-8 text are refused.
 */
export function addOptionValue(into: Findings, bytes: Uint8Array, origin: Origin): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/\0+$/, '').trim();
  } catch {
    into.problems.push(`${origin.detail}: the value is not text (${bytes.length} bytes)`);
    return;
  }
  if (text === '') {
    into.problems.push(`${origin.detail}: the value is empty`);
    return;
  }
  if (hasControlCharacters(text)) {
    into.problems.push(`${origin.detail}: the value holds control characters`);
    return;
  }
  if (looksLikeThinshellRecord(text)) {
    let record: ThinshellRecord;
    try {
      record = parseThinshellRecord(text);
    } catch (err) {
      into.problems.push(`${origin.detail}: ${(err as Error).message}`);
      return;
    }
    if (!record.broker) {
      into.problems.push(`${origin.detail}: the record names no broker= (type= needs an SRV record's host)`);
      return;
    }
    addCandidate(into, record.broker, origin, record.name ? { name: record.name } : {});
    return;
  }
  const addresses = text.split(/[\s,]+/).filter(Boolean);
  if (addresses.length > 8) {
    into.problems.push(`${origin.detail}: ${addresses.length} addresses; only the first 8 are used`);
  }
  addresses.slice(0, 8).forEach((address, i) => {
    addCandidate(into, address, { ...origin, idPrefix: i ? `${origin.idPrefix}-${i + 1}` : origin.idPrefix, rank: origin.rank + i });
  });
}

export function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
