import type { ParseArgsConfig } from 'node:util';
import type { ExitCode } from './exit-codes.ts';

/** Where a command reads and writes; the real process streams, or buffers in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin: NodeJS.ReadStream | NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  json: boolean;
  io: Io;
}

/**
 * One entry of the command table. New commands (connect, discover, parse, usb, desktops) are
 * added by adding entries; parsing, help and `--json` come from the table.
 */
export interface Command {
  /** The words that select it, e.g. `['policy', 'validate']`. */
  name: readonly string[];
  summary: string;
  /** What follows the name in the usage line, e.g. `FILE [--layer image|managed|local]`. */
  usage: string;
  /** Options besides the common `--json` and `--help` (node:util parseArgs, strict). */
  options?: NonNullable<ParseArgsConfig['options']>;
  positionals?: { min: number; max: number };
  /** Said instead of echoing stray positionals (which might be a secret typed in the wrong place). */
  positionalsError?: string;
  /** Extra lines for `--help`. */
  details?: string;
  run(ctx: CommandContext): Promise<ExitCode>;
}

/** Writes one JSON document (the whole --json output of a command). */
export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
