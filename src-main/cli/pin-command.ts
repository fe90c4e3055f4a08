import { hashPin } from '../policy/pin.ts';
import { printJson, type Command } from './command.ts';
import { ExitCode } from './exit-codes.ts';
import { readPin } from './read-pin.ts';

const hashPinCommand: Command = {
  name: ['policy', 'hash-pin'],
  summary: 'read an admin PIN from stdin and print its hash for kiosk.adminPinHash',
  usage: '< pin.txt',
  positionals: { min: 0, max: 0 },
  // Never echo what was typed: a PIN given as an argument must not land in a log as well.
  positionalsError: 'hash-pin takes no arguments: give the PIN on stdin, never on the command line',
  details: 'Example: printf %s "$PIN" | thinshell policy hash-pin\nAt a terminal it asks for the PIN without showing it.',
  async run({ json, io }) {
    const pin = await readPin(io.stdin, io.stderr);
    const hash = await hashPin(pin);
    if (json) printJson(io, { ok: true, hash });
    else io.stdout(`${hash}\n`);
    return ExitCode.ok;
  },
};

export const pinCommands: Command[] = [hashPinCommand];
