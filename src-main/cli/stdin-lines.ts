import { createInterface } from 'node:readline';
import { readSecretLine } from './read-pin.ts';

/** Lines of stdin one at a time: a password, then maybe a second-factor code. */
export interface SecretLines {
  /** The next line, or undefined at the end of input. */
  next(what: string): Promise<string | undefined>;
  close(): void;
}

const MAX_LINE = 4096;

/**
 * Secrets from stdin, line by line. Piped: each line as it comes (not all of stdin first, so a
 * code may be written after the password was read). At a terminal: typed without echo.
 */
export function secretLines(stdin: NodeJS.ReadStream | NodeJS.ReadableStream, prompt: (text: string) => void): SecretLines {
  if ('isTTY' in stdin && stdin.isTTY) {
    return { next: (what) => readSecretLine(stdin, prompt, what), close: () => {} };
  }
  const rl = createInterface({ input: stdin, crlfDelay: Infinity, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async next() {
      const line = await lines.next();
      return line.done ? undefined : line.value.slice(0, MAX_LINE);
    },
    close: () => rl.close(),
  };
}
