import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mdnsSource } from '../../../src-main/discovery/mdns-source.ts';
import type { BrokerCandidate, Findings } from '../../../src-main/discovery/types.ts';
import { Policy } from '../../../src-main/policy/schema.ts';
import { thinshell } from '../../unit/src-main/cli/cli-process.ts';
import { createTestNetwork, ip, type TestNetwork } from './netns.ts';

// The mDNS source against a responder in a private namespace (mdns-scenarios.ts): answers in
// one packet or in pieces, junk, goodbyes, silence. The real avahi-daemon is in network.test.ts.
type Results = Record<string, { found: Findings; ms: number; handlesLeft: number }>;
let net: TestNetwork;
let results: Results;

beforeAll(async () => {
  net = await createTestNetwork();
  // Loopback carries multicast only when told to (and only here, in the test's namespace).
  await ip('-n', net.terminal, 'link', 'set', 'lo', 'multicast', 'on');
  await ip('-n', net.terminal, 'route', 'add', '224.0.0.0/4', 'dev', 'lo');
  const script = fileURLToPath(new URL('./mdns-scenarios.ts', import.meta.url));
  const ran = await thinshell([], { command: ['ip', 'netns', 'exec', net.terminal, process.execPath, '--import', 'tsx', script] });
  if (ran.code !== 0) throw new Error(`mdns-scenarios failed (${ran.code}):\n${ran.stderr}`);
  results = JSON.parse(ran.stdout) as Results;
}, 60_000);
afterAll(() => net?.close());

const view = (c: BrokerCandidate) => [c.config.type, c.config.type === 'direct' ? c.config.hosts[0]!.host : c.config.url, c.config.name, c.confirm];

describe('mdnsSource', () => {
  it('resolves an instance announced in one answer, using its A record; a person must choose it', () => {
    const r = results.complete!;
    expect(r.found.candidates.map(view)).toEqual([['pve', 'https://10.1.2.3:8006', 'Lab', true]]);
    expect(r.found.candidates[0]!.detail).toBe('mdns _thinshell._tcp.local "Lab" at 10.1.2.3:8006');
    // It returned once the answers stopped, before its listening window (900 ms) ended.
    expect(r.ms).toBeLessThan(850);
  });

  it('asks once more when the first query got no answer (a lost packet), and finds it then', () => {
    expect(results.firstQueryLost!.found.candidates.map(view)).toEqual([['pve', 'https://10.1.2.4:8006', 'Late', true]]);
  });

  it('asks for SRV and TXT when the PTR came alone; takes broker= and name= from the TXT', () => {
    expect(results.pieces!.found.candidates.map(view)).toEqual([['rdweb', 'https://rds.corp.example/RDWeb/Feed/webfeed.aspx', 'Office', true]]);
  });

  it('reports junk announcements, forgets a goodbye, keeps the good one', () => {
    const r = results.junk!;
    expect(r.found.candidates.map(view)).toEqual([['direct', 'desk.local', 'Good', true]]);
    expect(r.found.problems).toEqual([
      'mdns _thinshell._tcp.local "Broken": key "broker" has no value',
      'mdns _thinshell._tcp.local "NotOurs": TXT "path=/printer" is not a thinshell record',
      'mdns _thinshell._tcp.local "Typeless": record names neither broker= nor type=',
    ]);
  });

  it('an instance whose SRV never comes is reported at the end of the window', () => {
    const r = results.srvNeverComes!;
    expect(r.found.problems).toEqual(['mdns _thinshell._tcp.local "Half": announced, but its host and port (SRV) never came']);
    expect(r.ms).toBeGreaterThanOrEqual(590);
    expect(r.ms).toBeLessThan(800);
  });

  it('a silent link: nothing, within the window, and no socket or timer left behind', () => {
    const r = results.silent!;
    expect(r.found).toEqual({ candidates: [], problems: [], notes: [] });
    expect(r.ms).toBeGreaterThanOrEqual(290);
    expect(r.ms).toBeLessThan(400);
    expect(r.handlesLeft).toBeLessThanOrEqual(0);
  });

  it('stops at once when discovery is over (abort), before it has sent anything', async () => {
    const ac = new AbortController();
    ac.abort();
    const found = await mdnsSource({ port: 1, interface: '127.0.0.1' }).find(Policy.parse({}), ac.signal);
    expect(found).toEqual({ candidates: [], problems: [], notes: [] });
  });
});
