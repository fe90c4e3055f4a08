import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../../../src-main/cli/command.ts';
import { desktopsCommand, realDesktopsDeps } from '../../../../src-main/cli/desktops-command.ts';
import { ExitCode } from '../../../../src-main/cli/exit-codes.ts';
import { redact } from '../../../../src-main/cli/policy-commands.ts';
import { runCli } from '../../../../src-main/cli/run.ts';
import { Policy, type PolicyInput } from '../../../../src-main/policy/schema.ts';
import { startFakeOvirt, type FakeOvirt } from '../../../fakes/ovirt-server.ts';
import { startFakePve, type FakePve } from '../../../fakes/pve-server.ts';
import { startFakeRdweb, type FakeRdweb } from '../../../fakes/rdweb/server.ts';
import { makeTestPki, type TestPki } from '../../../support/tls-cert.ts';
import { thinshell } from './cli-process.ts';

// `thinshell desktops` against the fake Proxmox and oVirt servers, through the real adapters.

const CANARY = 'canary-cli-Pa55-77';
const TOKEN = 'cli-token-secret-0099';
let pki: TestPki;
let pve: FakePve;
let ovirt: FakeOvirt;
let rdweb: FakeRdweb;
let dir: string;
let policyFile: string;

beforeAll(async () => {
  pki = await makeTestPki();
  dir = await mkdtemp(join(tmpdir(), 'thinshell-desktops-'));
  [pve, ovirt] = await Promise.all([
    startFakePve({
      tls: pki.server,
      users: [{ name: 'alice@pve', password: CANARY }, { name: 'carol@pve', password: CANARY, totp: '111222', recovery: ['r-1'] }],
      tokens: [{ id: 'kiosk@pve!cli', secret: TOKEN }],
      nodes: [{ node: 'pve1', status: 'online' }],
      guests: [{ vmid: 101, node: 'pve1', name: 'Office desktop', status: 'running', pool: 'office' }, { vmid: 102, node: 'pve1', name: 'Lab VM', status: 'stopped' }],
    }),
    startFakeOvirt({ tls: pki.server, users: [{ name: 'alice@internal', password: CANARY }], vms: [{ id: 'aaaa-1', name: 'Engine VM', status: 'up' }] }),
  ]);
  rdweb = await startFakeRdweb({ tls: pki.server, accounts: [{ user: 'alice', password: CANARY }], auth: 'ntlm', resources: [{ id: 'desk', title: 'Corp Desktop', type: 'Desktop', rdp: 'full address:s:127.0.0.1\r\n' }] });
  const policy: PolicyInput = {
    brokers: [
      { type: 'pve', id: 'pve', name: 'Cluster', url: pve.url, realm: 'pve', tls: { ca: [pki.ca] } },
      { type: 'pve', id: 'kiosk', name: 'Kiosk cluster', url: pve.url, tls: { ca: [pki.ca] }, apiToken: { id: 'kiosk@pve!cli', secret: TOKEN } },
      { type: 'ovirt', id: 'engine', name: 'Engine', url: ovirt.url, defaultDomain: 'internal', tls: { ca: [pki.ca] } },
      { type: 'rdweb', id: 'rd', name: 'RD Web', url: rdweb.feedUrl, tls: { ca: [pki.ca] } },
      { type: 'direct', id: 'lab', name: 'Lab', hosts: [{ id: 'win', name: 'Windows', protocol: 'rdp', host: '127.0.0.1' }] },
    ],
  };
  policyFile = join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify(policy));
});

afterAll(async () => {
  await Promise.all([pve?.close(), ovirt?.close(), rdweb?.stop()]);
  await rm(dir, { recursive: true, force: true });
  await pki?.remove();
});

async function run(args: string[], stdin = '') {
  const out = { stdout: '', stderr: '' };
  const input = new PassThrough();
  input.end(stdin);
  const io: Io = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdin: input, env: {} };
  const code = await runCli(['desktops', ...args], io, [desktopsCommand(realDesktopsDeps)]);
  return { code, ...out };
}

describe('thinshell desktops', () => {
  it('signs in at a policy broker and lists name, protocol, status and id', async () => {
    const r = await run(['--broker', 'pve', '--user', 'alice', '--password-stdin', '--policy', policyFile], `${CANARY}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Signed in at Cluster (pve, ');
    expect(r.stdout).toContain('as alice@pve');
    expect(r.stdout).toMatch(/NAME\s+PROTOCOL\s+STATUS\s+ID/);
    expect(r.stdout).toMatch(/Lab VM\s+spice\s+stopped\s+qemu\/102/);
    expect(r.stdout).toMatch(/Office desktop\s+spice\s+running\s+qemu\/101/);
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('--json: one document', async () => {
    const r = await run(['--broker', 'engine', '--user', 'alice', '--password-stdin', '--policy', policyFile, '--json'], `${CANARY}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      broker: { id: 'engine', name: 'Engine', kind: 'ovirt', address: ovirt.url, insecure: false },
      user: 'alice@internal',
      desktops: [{ id: 'aaaa-1', name: 'Engine VM', protocol: 'spice', status: 'running' }],
    });
  });

  it('reads the second-factor code from the line after the password', async () => {
    const r = await run(['--broker', 'pve', '--user', 'carol', '--password-stdin', '--otp-stdin', '--policy', policyFile], `${CANARY}\n111222\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('as carol@pve');
    const recovery = await run(['--broker', 'pve', '--user', 'carol', '--password-stdin', '--method', 'recovery', '--policy', policyFile], `${CANARY}\nr-1\n`);
    expect(recovery.code).toBe(0);
    expect(recovery.stderr).toContain('reading the code from the next line');
  });

  it('no code, a wrong code, a wrong password: each its own exit code', async () => {
    expect((await run(['--broker', 'pve', '--user', 'carol', '--password-stdin', '--policy', policyFile], `${CANARY}\n`)).code).toBe(ExitCode.secondFactor);
    expect((await run(['--broker', 'pve', '--user', 'carol', '--password-stdin', '--policy', policyFile], `${CANARY}\n999999\n`)).code).toBe(ExitCode.authFailed);
    const wrong = await run(['--broker', 'pve', '--user', 'alice', '--password-stdin', '--policy', policyFile], 'nope\n');
    expect(wrong.code).toBe(ExitCode.authFailed);
    expect(wrong.stderr).toContain('auth-failed');
  });

  it('a token broker signs in without --user, and the token secret is never printed', async () => {
    const r = await run(['--broker', 'kiosk', '--policy', policyFile, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).user).toBe('kiosk@pve');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('an address works too: a pve:// address trusts only the system CAs, so the test CA fails (exit 15)', async () => {
    const r = await run(['--broker', `pve://127.0.0.1:${pve.port}`, '--user', 'alice', '--password-stdin', '--policy', policyFile], `${CANARY}\n`);
    expect(r.code).toBe(ExitCode.certificate);
    expect(r.stderr).toContain('broker-tls');
  });

  it('an RD Web feed lists its resources (through createBroker, NTLM)', async () => {
    const r = await run(['--broker', 'rd', '--user', 'alice', '--password-stdin', '--policy', policyFile, '--json'], `${CANARY}\n`);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { broker: { kind: string }; desktops: { name: string; protocol: string }[] };
    expect(doc.broker.kind).toBe('rdweb');
    expect(doc.desktops).toMatchObject([{ name: 'Corp Desktop', protocol: 'rdp' }]);
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('a direct broker lists its hosts', async () => {
    const r = await run(['--broker', 'lab', '--user', 'u', '--password-stdin', '--policy', policyFile, '--json'], 'x\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).desktops).toEqual([{ id: 'win', name: 'Windows', protocol: 'rdp', status: 'unknown', description: '127.0.0.1:3389' }]);
  });

  it('usage errors: no broker, an unknown id, --user without --password-stdin, a password as an argument', async () => {
    expect((await run(['--policy', policyFile])).code).toBe(ExitCode.usage);
    const unknown = await run(['--broker', 'nosuch', '--user', 'a', '--password-stdin', '--policy', policyFile], 'x\n');
    expect(unknown.code).toBe(ExitCode.invalid);
    expect(unknown.stderr).toContain('brokers: pve, kiosk, engine, rd, lab');
    expect((await run(['--broker', 'pve', '--user', 'a', '--policy', policyFile])).code).toBe(ExitCode.usage);
    const secret = await run(['--broker', 'pve', '--user', 'a', CANARY, '--policy', policyFile]);
    expect(secret.code).toBe(ExitCode.usage);
    expect(secret.stderr).not.toContain(CANARY);
  });

  it('a broker that is down is exit 13', async () => {
    const gone = await startFakePve({ tls: pki.server, users: [], nodes: [], guests: [] });
    await gone.close();
    const r = await run(['--broker', `https://127.0.0.1:${gone.port}/api2/json`, '--user', 'a', '--password-stdin', '--policy', policyFile], 'x\n');
    expect(r.code).toBe(ExitCode.unreachable);
  });

  it('runs as a real process: the password from a pipe, nothing secret in the output', async () => {
    const r = await thinshell(['desktops', '--broker', 'pve', '--user', 'alice', '--password-stdin', '--policy', policyFile], { stdin: `${CANARY}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Office desktop');
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it('policy show hides an API token secret', () => {
    const shown = JSON.stringify(redact(Policy.parse({ brokers: [{ type: 'pve', id: 'k', name: 'K', url: 'https://h:8006', apiToken: { id: 'a@pve!tk', secret: TOKEN } }] })));
    expect(shown).not.toContain(TOKEN);
    expect(shown).toContain('"secret":"[set]"');
  });
});
