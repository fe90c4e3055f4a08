import { resolve } from 'node:path';
import type { BrowserHostOptions } from './run.ts';

export const USAGE = `usage: thinshell-browser [options]
  --renderer DIR   the built renderer (default: dist/renderer; env THINSHELL_RENDERER)
  --chromium PATH  the browser (default: /usr/bin/chromium; env THINSHELL_CHROMIUM)
  --port N         the loopback port (default: any free one; env THINSHELL_PORT)
  --no-chromium    serve only, print the page URL with its token (another browser opens it)
  --headless       Chromium without a display (tests)
  --no-policy      do not write Chromium's managed policy (development without root)
  --help`;

export type ParsedArgs = { help: true } | { help: false; options: BrowserHostOptions };

function port(value: string, from: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new Error(`${from}: not a port number: ${JSON.stringify(value)}`);
  return Number(value);
}

/** Command line and environment -> host options. Bad input is an Error with a plain message. */
export function parseBrowserHostArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  const options: BrowserHostOptions = {
    rendererDir: resolve(env.THINSHELL_RENDERER ?? 'dist/renderer'),
    ...(env.THINSHELL_CHROMIUM ? { chromiumPath: env.THINSHELL_CHROMIUM } : {}),
    ...(env.THINSHELL_PORT ? { port: port(env.THINSHELL_PORT, 'THINSHELL_PORT') } : {}),
  };
  const args = [...argv];
  const value = (flag: string) => {
    const v = args.shift();
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  while (args.length > 0) {
    const arg = args.shift()!;
    switch (arg) {
      case '--renderer':
        options.rendererDir = resolve(value(arg));
        break;
      case '--chromium':
        options.chromiumPath = value(arg);
        break;
      case '--port':
        options.port = port(value(arg), arg);
        break;
      case '--no-chromium':
        options.launchChromium = false;
        break;
      case '--headless':
        options.headless = true;
        break;
      case '--no-policy':
        options.policyPath = false;
        break;
      case '--help':
      case '-h':
        return { help: true };
      default:
        throw new Error(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  return { help: false, options };
}
