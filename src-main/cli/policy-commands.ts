import { resolve } from 'node:path';
import type { FileLayerName } from '../policy/layer-check.ts';
import { readLayerFile } from '../policy/layer-file.ts';
import { policyJsonSchema } from '../policy/json-schema.ts';
import { formatProblem } from '../policy/problem.ts';
import type { Policy } from '../policy/schema.ts';
import { defaultPolicyPaths } from '../policy/store.ts';
import { printJson, type Command } from './command.ts';
import { layerOptions, openLayers } from './policy-layers.ts';
import { CliError, ExitCode } from './exit-codes.ts';

const layers: FileLayerName[] = ['image', 'managed', 'local'];

const validate: Command = {
  name: ['policy', 'validate'],
  summary: 'check a policy file as one layer; prints OK or file:line:col: key: problem',
  usage: 'FILE [--layer image|managed|local]',
  options: { layer: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  details: 'The layer defaults to image. The local layer may hold only admin settings.',
  async run({ values, positionals, json, io }) {
    const layer = (values.layer ?? 'image') as FileLayerName;
    if (!layers.includes(layer)) throw new CliError(ExitCode.usage, `--layer must be one of ${layers.join(', ')} (got "${String(layer)}")`);
    const file = resolve(positionals[0] as string);
    const read = await readLayerFile(file, layer);
    if (read.status === 'absent') throw new CliError(ExitCode.unreadable, `cannot read ${file}: no such file`);
    if (read.status === 'invalid' && read.unreadable) {
      throw new CliError(ExitCode.unreadable, read.problems.map(formatProblem).join('\n'));
    }
    const problems = read.status === 'invalid' ? read.problems : [];
    if (json) printJson(io, { ok: problems.length === 0, file, layer, problems: problems.map((p) => ({ ...p, text: formatProblem(p) })) });
    else if (problems.length === 0) io.stdout(`${file}: OK (${layer} layer)\n`);
    else io.stdout(problems.map((p) => `${formatProblem(p)}\n`).join(''));
    return problems.length === 0 ? ExitCode.ok : ExitCode.invalid;
  },
};

const schema: Command = {
  name: ['policy', 'schema'],
  summary: 'print the JSON Schema of policy files',
  usage: '',
  async run({ io }) {
    printJson(io, policyJsonSchema());
    return ExitCode.ok;
  },
};

const show: Command = {
  name: ['policy', 'show'],
  summary: 'print the effective policy and the status of each layer (secrets hidden)',
  usage: '[--image FILE] [--managed FILE] [--local FILE]',
  options: layerOptions,
  details:
    `Defaults: --image ${defaultPolicyPaths.imagePath} --managed ${defaultPolicyPaths.managedPath}\n` +
    `--local ${defaultPolicyPaths.localPath}. Exits 1 if a layer is invalid (its last good\n` +
    'version would stay in force in a running shell; here that is none).',
  async run({ values, json, io }) {
    const store = await openLayers(values);
    const effective = redact(store.policy());
    const status = store.layers();
    const ok = status.every((l) => l.status !== 'invalid');
    if (json) {
      printJson(io, { ok, effective, locked: store.locked(), layers: status });
    } else {
      const lines = ['Layers (lowest first):'];
      for (const l of status) {
        lines.push(`  ${l.layer.padEnd(9)}${l.status.padEnd(9)}${l.source}`);
        for (const e of l.error?.split('\n') ?? []) lines.push(`      ${e}`);
      }
      lines.push(`Locked for the local admin: ${store.locked().join(', ') || '(none)'}`, 'Effective policy:');
      io.stdout(`${lines.join('\n')}\n${JSON.stringify(effective, null, 2)}\n`);
    }
    return ok ? ExitCode.ok : ExitCode.invalid;
  },
};

/** The policy as it may be shown: the PIN hash becomes "[set]" (it could be attacked offline). */
export function redact(policy: Policy): unknown {
  const copy = structuredClone(policy) as Policy & { kiosk: { adminPinHash?: string } };
  if (copy.kiosk.adminPinHash !== undefined) copy.kiosk.adminPinHash = '[set]';
  // A Proxmox API token secret signs in without a person: never shown.
  for (const broker of copy.brokers) if (broker.type === 'pve' && broker.apiToken) broker.apiToken.secret = '[set]';
  return copy;
}

export const policyCommands: Command[] = [validate, schema, show];
