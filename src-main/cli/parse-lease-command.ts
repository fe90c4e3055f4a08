import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readDhcpOptions } from '../discovery/dhcp-options.ts';
import { describeCandidate } from '../discovery/discover.ts';
import { parseDhclientLeases, type LeaseOption, type LeaseTime } from '../discovery/parsers/dhclient-lease.ts';
import { toHex } from '../discovery/parsers/hex.ts';
import { parseNmcliDhcp } from '../discovery/parsers/nmcli-dhcp.ts';
import { emptyFindings } from '../discovery/types.ts';
import { printJson, type Command } from './command.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { hasControlCharacters } from '../common/text.ts';

interface LeaseView {
  interface?: string;
  address?: string;
  renew?: string;
  rebind?: string;
  expire?: string;
  expired?: boolean;
  options: { name: string; code?: number; value: string; text?: string; hex?: string }[];
  /** What discovery reads from these options. */
  brokers: ReturnType<typeof describeCandidate>[];
  problems: string[];
}

/** `thinshell parse lease FILE`: the options a dhclient lease file or saved `nmcli -t` output carries. */
export const parseLeaseCommand: Command = {
  name: ['parse', 'lease'],
  summary: 'show the DHCP options a dhclient lease file (or saved `nmcli -t` output) carries, and the brokers in them',
  usage: 'FILE [--option 224-254]',
  options: { option: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  details:
    'FILE is a dhclient lease file (/var/lib/dhcp/dhclient.eth0.leases) or the saved output of\n' +
    '`nmcli -t -f GENERAL.DEVICE,DHCP4 device show`. --option is the site-specific broker option\n' +
    '(default 224, as policy discovery.dhcpOption). Exits 1 when the file has problems.',
  async run({ values, positionals, json, io }) {
    const site = siteOption(values.option);
    const file = resolve(positionals[0] as string);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new CliError(ExitCode.unreadable, `cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }
    const nmcli = /^(GENERAL|DHCP4)\.[A-Z]/m.test(text) && !/^\s*lease6?\s*\{/m.test(text);
    const { leases, problems } = nmcli ? fromNmcli(text, site) : fromDhclient(text, site);
    const ok = problems.length === 0 && leases.every((l) => l.problems.length === 0);
    if (json) printJson(io, { ok, file, format: nmcli ? 'nmcli' : 'dhclient', leases, problems });
    else io.stdout(toText(file, nmcli ? 'nmcli -t output' : 'dhclient lease file', leases, problems));
    return ok ? ExitCode.ok : ExitCode.invalid;
  },
};

function siteOption(value: unknown): number {
  if (value === undefined) return 224;
  const n = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 224 && n <= 254)) throw new CliError(ExitCode.usage, '--option must be a number from 224 to 254');
  return n;
}

function fromDhclient(text: string, site: number): { leases: LeaseView[]; problems: string[] } {
  const parsed = parseDhclientLeases(text);
  const now = Date.now();
  const leases = parsed.leases.map((lease): LeaseView => {
    const expired = lease.expire !== undefined && lease.expire !== 'never' && lease.expire.at.getTime() <= now;
    return {
      ...(lease.interface ? { interface: lease.interface } : {}),
      ...(lease.address ? { address: lease.address } : {}),
      ...(lease.renew ? { renew: timeText(lease.renew) } : {}),
      ...(lease.rebind ? { rebind: timeText(lease.rebind) } : {}),
      ...(lease.expire ? { expire: timeText(lease.expire), expired } : {}),
      ...interpret(lease.options, site, `on ${lease.interface ?? 'an unnamed interface'}`),
    };
  });
  return { leases, problems: parsed.problems };
}

function fromNmcli(text: string, site: number): { leases: LeaseView[]; problems: string[] } {
  const parsed = parseNmcliDhcp(text);
  const leases = parsed.devices.map((d): LeaseView => ({
    ...(d.device ? { interface: d.device } : {}),
    ...interpret(d.options, site, `on ${d.device ?? 'a device'} (nmcli)`),
  }));
  return { leases, problems: parsed.problems };
}

function interpret(options: LeaseOption[], site: number, where: string): Pick<LeaseView, 'options' | 'brokers' | 'problems'> {
  const found = emptyFindings();
  readDhcpOptions(options, site, where, found);
  return {
    options: options.map((o) => ({
      name: o.name,
      ...(o.code !== undefined ? { code: o.code } : {}),
      value: o.value,
      ...(o.bytes ? { hex: toHex(o.bytes), ...printable(o.bytes) } : {}),
    })),
    brokers: found.candidates.map(describeCandidate),
    problems: found.problems,
  };
}

function printable(bytes: Uint8Array): { text?: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return hasControlCharacters(text) ? {} : { text };
  } catch {
    return {};
  }
}

function timeText(t: LeaseTime): string {
  return t === 'never' ? 'never' : t.at.toISOString();
}

function toText(file: string, format: string, leases: LeaseView[], problems: string[]): string {
  const lines = [`${file}: ${format}, ${leases.length} ${leases.length === 1 ? 'lease' : 'leases'}`];
  for (const p of problems) lines.push(`  problem: ${p}`);
  leases.forEach((l, i) => {
    const when = l.expire ? `, expires ${l.expire}${l.expired ? ' (expired)' : ''}` : '';
    lines.push(`lease ${i + 1}: ${l.interface ?? '?'}${l.address ? ` ${l.address}` : ''}${when}`);
    for (const o of l.options) {
      const code = o.code !== undefined ? ` (${o.code})` : '';
      const extra = o.hex && o.text === undefined ? ` = ${o.hex}` : '';
      lines.push(`  option ${o.name}${code}: ${o.text ?? o.value}${extra}`);
    }
    for (const b of l.brokers) lines.push(`  broker: ${b.type} ${b.address}  (${b.detail ?? ''})`);
    for (const p of l.problems) lines.push(`  problem: ${p}`);
  });
  return `${lines.join('\n')}\n`;
}
