import { formatFilter, parseFilter, type FilterRule } from '../usb/usbredir-filter.ts';
import { printJson, type Command } from './command.ts';
import { CliError, ExitCode } from './exit-codes.ts';

async function library() {
  try {
    const { loadUsbredirLib } = await import('../usb/usbredir-lib.ts');
    return loadUsbredirLib();
  } catch (err) {
    throw new CliError(ExitCode.unreadable, `libusbredirparser cannot be loaded (Debian package libusbredirparser1): ${(err as Error).message}`);
  }
}

function ruleWords(r: FilterRule): string {
  const any = (n: number, w: number) => (n === -1 ? 'any' : `0x${n.toString(16).padStart(w, '0')}`);
  return `${r.allow ? 'allow' : 'deny '}  class ${any(r.deviceClass, 2)}  vendor ${any(r.vendorId, 4)}  product ${any(r.productId, 4)}  version ${any(r.version, 4)}`;
}

/** Validates a usbredir filter with libusbredirparser itself (what remote-viewer and QEMU run). */
export const checkFilterCommand: Command = {
  name: ['usb', 'check-filter'],
  summary: 'check a usbredir filter (usb-filter, redirect-on-connect) with libusbredirparser itself',
  usage: 'STRING',
  positionals: { min: 1, max: 1 },
  details: 'Rules class,vendor,product,version,allow joined by |; -1 is "any". Exit 0 valid, 1 invalid.',
  async run({ positionals, json, io }) {
    const text = positionals[0] as string;
    const lib = await library();
    const theirs = lib.parse(text);
    if (!theirs.ok) {
      const ours = parseFilter(text);
      const reason = ours.ok ? `libusbredirparser refuses it (error ${theirs.errno})` : ours.reason;
      throw new CliError(ExitCode.invalid, `invalid usbredir filter: ${reason}`);
    }
    const normalised = formatFilter(theirs.rules);
    if (json) {
      printJson(io, { ok: true, valid: true, rules: theirs.rules, normalised });
      return ExitCode.ok;
    }
    const lines = [`valid: ${theirs.rules.length} rule${theirs.rules.length === 1 ? '' : 's'}`, ...theirs.rules.map((r, i) => `  ${i + 1}  ${ruleWords(r)}`)];
    if (theirs.rules.length === 0) lines.push('  (no rules: every device fails the check, none is redirected)');
    else if (theirs.rules.at(-1)!.deviceClass !== -1 || theirs.rules.at(-1)!.vendorId !== -1 || theirs.rules.at(-1)!.productId !== -1) {
      lines.push('  note: no catch-all rule at the end: a device no rule matches is not redirected');
    }
    if (normalised !== text) lines.push(`  as written by libusbredirparser: ${normalised}`);
    io.stdout(`${lines.join('\n')}\n`);
    return ExitCode.ok;
  },
};
