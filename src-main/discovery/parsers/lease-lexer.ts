import { hasControlCharacters } from '../../common/text.ts';

/** A token of ISC dhclient's configuration/lease syntax (the same lexer reads both). */
export interface Token {
  kind: 'word' | 'string' | 'punct';
  /** The word or punctuation as written; for a string, its text (bytes decoded as UTF-8). */
  text: string;
  /** A string's bytes after escapes (`\"`, `\\`, `\t`, octal `\ooo`, `\xHH`). */
  bytes?: Uint8Array;
  line: number;
}

export class LeaseSyntaxError extends Error {
  override readonly name = 'LeaseSyntaxError';
  constructor(
    readonly line: number,
    what: string,
  ) {
    super(`line ${line}: ${what}`);
  }
}

const punct = new Set([';', '{', '}', ',']);
const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v';
/** Far more than a lease file holds (dhclient rewrites its file; a few hundred tokens is usual). */
const maxTokens = 1_000_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Splits a lease file into words, quoted strings and punctuation; `#` starts a comment to the
 * end of the line. Throws LeaseSyntaxError for an unterminated string or a control byte outside one.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const push = (t: Token) => {
    if (tokens.length >= maxTokens) throw new LeaseSyntaxError(line, `more than ${maxTokens} tokens; not a lease file`);
    tokens.push(t);
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      i++;
    } else if (isSpace(ch)) {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (punct.has(ch)) {
      push({ kind: 'punct', text: ch, line });
      i++;
    } else if (ch === '"') {
      const start = line;
      const { bytes, end, lines } = readString(text, i + 1, start);
      line += lines;
      push({ kind: 'string', text: decoder.decode(bytes), bytes, line: start });
      i = end;
    } else {
      let j = i;
      while (j < text.length && text[j] !== '\n' && !isSpace(text[j]!) && !punct.has(text[j]!) && text[j] !== '"' && text[j] !== '#') j++;
      const word = text.slice(i, j);
      if (hasControlCharacters(word)) throw new LeaseSyntaxError(line, 'a control character outside a quoted string');
      push({ kind: 'word', text: word, line });
      i = j;
    }
  }
  return tokens;
}

function readString(text: string, from: number, line: number): { bytes: Uint8Array; end: number; lines: number } {
  const out: number[] = [];
  let lines = 0;
  let i = from;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { bytes: Uint8Array.from(out), end: i + 1, lines };
    if (ch === '\n') lines++;
    if (ch !== '\\') {
      const code = ch.charCodeAt(0);
      if (code < 0x80) {
        out.push(code);
        i++;
        continue;
      }
      const s = String.fromCodePoint(text.codePointAt(i)!);
      for (const b of encoder.encode(s)) out.push(b);
      i += s.length;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))?.[0];
    const hex = next === 'x' ? /^[0-9A-Fa-f]{1,2}/.exec(text.slice(i + 2, i + 4))?.[0] : undefined;
    if (octal) {
      out.push(parseInt(octal, 8) & 0xff);
      i += 1 + octal.length;
    } else if (hex) {
      out.push(parseInt(hex, 16));
      i += 2 + hex.length;
    } else {
      const simple: Record<string, number> = { t: 9, r: 13, n: 10, b: 8 };
      if (next === '\n') lines++;
      out.push(...(simple[next] !== undefined ? [simple[next]] : encoder.encode(next)));
      i += 2;
    }
  }
  throw new LeaseSyntaxError(line, 'a quoted string is not closed');
}
