import { resolve } from 'node:path';
import { describeCandidate, type DiscoveryResult } from '../discovery/discover.ts';
import { discoverBrokers, networkSources } from '../discovery/sources.ts';
import type { SourceReport } from '../discovery/types.ts';
import { printJson, type Command } from './command.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { layerOptions, layerUsage, openLayers } from './policy-layers.ts';

const settles = ['all', 'first'] as const;

/** `thinshell discover`: every source, what it found and from where, how long it took. */
export const discoverCommand: Command = {
  name: ['discover'],
  summary: 'look for brokers as the kiosk does; prints each source, what it found (and where), its time and errors',
  usage: `[--lease-file FILE]... [--resolv-conf FILE] [--settle all|first] ${layerUsage}`,
  options: {
    'lease-file': { type: 'string', multiple: true },
    'resolv-conf': { type: 'string' },
    settle: { type: 'string' },
    ...layerOptions,
  },
  details:
    'Runs the sources the policy turns on (discovery.sources), under its deadline (discovery.deadlineMs).\n' +
    '--settle all (default) waits for every source; first stops where the kiosk would.\n' +
    '--lease-file reads these dhclient lease files instead of /var/lib/dhcp/dhclient*.leases.\n' +
    'Exits 0 when a broker was found, 4 when none was (the kiosk would show first-run setup).',
  async run({ values, json, io }) {
    const settle = (values.settle ?? 'all') as (typeof settles)[number];
    if (!settles.includes(settle)) throw new CliError(ExitCode.usage, `--settle must be all or first (got "${String(settle)}")`);
    const store = await openLayers(values);
    const policy = store.policy();
    // Discovery runs on the layers that are good, as the kiosk would; a broken one is said, not hidden.
    for (const layer of store.layers()) {
      if (layer.status === 'invalid') io.stderr(`policy: the ${layer.layer} layer (${layer.source}) is invalid and left out: ${layer.error ?? 'unreadable'}\n`);
    }
    store.close();
    const leaseFiles = (values['lease-file'] as unknown as string[] | undefined)?.map((f) => resolve(f));
    const resolvConf = typeof values['resolv-conf'] === 'string' ? resolve(values['resolv-conf']) : undefined;
    const network = networkSources({
      ...(leaseFiles ? { dhcp: { leaseFiles: async () => leaseFiles } } : {}),
      ...(resolvConf ? { dns: { resolvConf } } : {}),
    });
    const started = performance.now();
    const result = await discoverBrokers(policy, network, { signal: new AbortController().signal, settle });
    const ms = Math.round(performance.now() - started);
    if (json) printJson(io, toJson(result, ms, policy.discovery.deadlineMs));
    else io.stdout(toText(result, ms, policy.discovery.deadlineMs));
    return result.candidates.length > 0 ? ExitCode.ok : ExitCode.nothingFound;
  },
};

function toJson(result: DiscoveryResult, ms: number, deadlineMs: number) {
  return {
    ok: result.candidates.length > 0,
    ms,
    deadlineMs,
    candidates: result.candidates.map((c) => ({ ...describeCandidate(c), source: c.source, rank: c.rank })),
    sources: result.reports,
  };
}

function toText(result: DiscoveryResult, ms: number, deadlineMs: number): string {
  const lines = [`Discovery took ${ms} ms (deadline ${deadlineMs} ms).`, 'Sources, best first:'];
  for (const r of result.reports) lines.push(...reportLines(r));
  const best = result.candidates.find((c) => !c.confirm);
  if (best) lines.push(`The kiosk would sign in at: ${best.config.name} (${best.config.type}, from ${best.source}: ${best.detail ?? ''})`);
  else if (result.candidates.length) lines.push('Found only brokers that need choosing (mDNS): the kiosk shows them at first-run setup.');
  else lines.push('No broker found: the kiosk would show first-run setup.');
  return `${lines.join('\n')}\n`;
}

function reportLines(r: SourceReport): string[] {
  const what = r.error ? `error: ${r.error}` : r.found ? `${r.found} found` : 'nothing';
  const out = [`  ${r.source.padEnd(8)}${`${r.ms} ms`.padStart(8)}  ${what}`];
  for (const b of r.brokers ?? []) out.push(`      ${b.type} ${b.address}  (${b.detail ?? ''})${b.confirm ? '  [needs choosing]' : ''}`);
  for (const p of r.problems ?? []) out.push(`      problem: ${p}`);
  for (const n of r.notes ?? []) out.push(`      note: ${n}`);
  return out;
}
