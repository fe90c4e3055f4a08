import { hasControlCharacters } from '../common/text.ts';

/**
 * The lowest layer of .rdp files: bytes to text, text to `name:T:value` entries, as FreeRDP and
 * mstsc read them. A UTF-16LE BOM means UTF-16LE (what mstsc writes); a UTF-8 BOM or none means
 * UTF-8; lines split on CR or LF; names compare case-insensitively; the last value wins.
 */

export type RdpValueType = 's' | 'i' | 'b';

export interface RdpEntry {
  /** Lower-case, spaces inside kept: `full address`. */
  name: string;
  type: RdpValueType;
  /** Trimmed (FreeRDP trims string values); never printed for password keys. */
  value: string;
  /** 1-based line of the value that counts (the last one). */
  line: number;
}

export interface RdpWarning {
  line?: number;
  key?: string;
  message: string;
}

/** A file that cannot be used at all (not text, too big, no address). */
export class RdpFileError extends Error {
  override readonly name = 'RdpFileError';
}

/** mstsc files are a few KiB; a broker's file far over this is not an .rdp file. */
export const MAX_RDP_BYTES = 1024 * 1024;
/** Longer values are dropped with a warning (FreeRDP and both engines cap their own fields lower). */
const MAX_VALUE_CHARS = 8192;
const MAX_WARNINGS = 100;

/** Bytes to text: UTF-16LE with its BOM, else UTF-8 (BOM optional); anything else is refused. */
export function decodeRdpBytes(bytes: Uint8Array): string {
  if (bytes.length > MAX_RDP_BYTES) throw new RdpFileError(`the file is larger than ${MAX_RDP_BYTES / 1024} KiB; an .rdp file is a few KiB`);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes.length % 2 !== 0) throw new RdpFileError('the file says it is UTF-16 but has an odd number of bytes (cut short?)');
    try {
      return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    } catch {
      throw new RdpFileError('the file says it is UTF-16 but holds broken characters');
    }
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) throw new RdpFileError('the file is UTF-16 big-endian, which no Remote Desktop client reads; save it as UTF-16LE or UTF-8');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new RdpFileError('the file is neither UTF-16LE (with its byte order mark) nor UTF-8 text');
  }
}

export interface RdpLines {
  /** By lower-case name: the last valid entry of each. */
  entries: Map<string, RdpEntry>;
  warnings: RdpWarning[];
}

const INTEGER = /^[+-]?\d{1,10}$/;

/** Adds a warning unless the list is full (a served file must not grow it without bound). */
export function pushWarning(warnings: RdpWarning[], w: RdpWarning): void {
  if (warnings.length < MAX_WARNINGS) warnings.push(w);
  else if (warnings.length === MAX_WARNINGS) warnings.push({ message: `more problems follow; only the first ${MAX_WARNINGS} are listed` });
}

/** Text to entries. Never throws: what cannot be read becomes a warning with its line number. */
export function readRdpLines(text: string): RdpLines {
  const entries = new Map<string, RdpEntry>();
  const warnings: RdpWarning[] = [];
  const warn = (w: RdpWarning) => pushWarning(warnings, w);
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (raw.trim().length === 0) continue;
    if (raw.startsWith('/')) {
      // FreeRDP takes such lines as its own command-line options: a served file must not.
      warn({ line: lineNo, message: 'a FreeRDP command-line option in the file is ignored' });
      continue;
    }
    const first = raw.indexOf(':');
    const type = raw[first + 1];
    if (first < 0 || raw[first + 2] !== ':' || (type !== 's' && type !== 'i' && type !== 'b')) {
      warn({ line: lineNo, message: 'not a "name:type:value" line (type s, i or b); ignored' });
      continue;
    }
    const name = raw.slice(0, first).trim().toLowerCase();
    const value = raw.slice(first + 3).trim();
    if (name.length === 0 || name.length > 128 || hasControlCharacters(name)) {
      warn({ line: lineNo, message: 'a key name that is empty, too long or holds control characters; ignored' });
      continue;
    }
    if (value.length > MAX_VALUE_CHARS || value.includes('\0')) {
      warn({ line: lineNo, key: name, message: 'a value that is too long or holds a NUL character; ignored' });
      continue;
    }
    if (type === 'i' && !INTEGER.test(value)) {
      warn({ line: lineNo, key: name, message: 'an integer (i) value that is not a whole number; ignored' });
      continue;
    }
    const before = entries.get(name);
    if (before) warn({ line: lineNo, key: name, message: `given again (first on line ${before.line}); the last value counts` });
    entries.set(name, { name, type, value, line: lineNo });
  }
  return { entries, warnings };
}

