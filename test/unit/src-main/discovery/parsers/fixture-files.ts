import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LeaseOption, LeaseTime } from '../../../../../src-main/discovery/parsers/dhclient-lease.ts';
import { toHex } from '../../../../../src-main/discovery/parsers/hex.ts';
import { hasControlCharacters } from '../../../../../src-main/common/text.ts';

export const fixtureDir = (kind: string) => fileURLToPath(new URL(`../fixtures/${kind}/`, import.meta.url));

/** Each input file of a fixture folder with its expected .json beside it. */
export function fixtures(kind: string, ext: string): { name: string; input: string; expected: unknown }[] {
  const dir = fixtureDir(kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => ({
      name: f,
      input: readFileSync(dir + f, 'utf8'),
      expected: JSON.parse(readFileSync(dir + f.slice(0, -ext.length) + '.json', 'utf8')) as unknown,
    }));
}

/** Bytes as the fixtures write them: the text when it is printable UTF-8, else colon hex. */
export function bytesView(bytes: Uint8Array): { text: string } | { hex: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (!hasControlCharacters(text)) return { text };
  } catch {
    // not UTF-8
  }
  return { hex: toHex(bytes) };
}

export function optionView(o: LeaseOption) {
  return { name: o.name, ...(o.code !== undefined ? { code: o.code } : {}), value: o.value, ...(o.bytes ? bytesView(o.bytes) : {}) };
}

export function timeView(t: LeaseTime | undefined): string | undefined {
  return t === undefined ? undefined : t === 'never' ? 'never' : t.at.toISOString();
}
