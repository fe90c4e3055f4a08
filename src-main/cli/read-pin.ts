import { CliError, ExitCode } from './exit-codes.ts';

const MAX_BYTES = 4096;

/**
 * Reads a PIN from stdin: the first line of piped input, or typed at a terminal without echo.
 * Never from argv, where every user of the machine could read it in /proc.
 */
export async function readPin(stdin: NodeJS.ReadStream | NodeJS.ReadableStream, prompt: (text: string) => void): Promise<string> {
  const pin = await readSecretLine(stdin, prompt, 'PIN');
  if (pin.length < 4 || pin.length > 64) throw new CliError(ExitCode.invalid, 'the PIN must have 4 to 64 characters');
  if (pin.trim() !== pin) throw new CliError(ExitCode.invalid, 'the PIN must not begin or end with spaces');
  return pin;
}

/**
 * One secret line from stdin (a PIN, a password): the first line of piped input, or typed at a
 * terminal without echo. `what` names it in the prompt and in errors.
 */
export async function readSecretLine(stdin: NodeJS.ReadStream | NodeJS.ReadableStream, prompt: (text: string) => void, what: string): Promise<string> {
  const tty = 'isTTY' in stdin && stdin.isTTY && 'setRawMode' in stdin;
  return tty ? readTyped(stdin as NodeJS.ReadStream, prompt, what) : readPiped(stdin, what);
}

async function readPiped(stdin: NodeJS.ReadableStream, what: string): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n') || text.length > MAX_BYTES) break;
  }
  if (text === '') throw new CliError(ExitCode.invalid, `no ${what} on stdin (pipe it in, or run at a terminal)`);
  return (text.split('\n')[0] ?? '').replace(/\r$/, '');
}

function readTyped(stdin: NodeJS.ReadStream, prompt: (text: string) => void, what: string): Promise<string> {
  prompt(`${what} (not shown): `);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let pin = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.off('data', onData);
      stdin.pause();
      prompt('\n');
      if (err) reject(err);
      else resolve(pin);
    };
    const onData = (chars: string) => {
      for (const c of chars) {
        if (c === '\r' || c === '\n') return done();
        if (c === '\u0003' || c === '\u0004') return done(new CliError(ExitCode.invalid, 'cancelled'));
        if (c === '\u007f' || c === '\b') pin = pin.slice(0, -1);
        else if (pin.length < MAX_BYTES) pin += c;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}
