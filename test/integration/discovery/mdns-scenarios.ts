// Run inside a private network namespace by mdns-source.test.ts (its loopback carries
// multicast there, and nothing reaches a real link): a multicast-dns responder answers as the
// scenario says, and the real mdnsSource browses. Prints one JSON object: scenario -> result.
import makeMdns from 'multicast-dns';
import type { Answer } from 'dns-packet';
import { mdnsSource } from '../../../src-main/discovery/mdns-source.ts';
import type { Findings } from '../../../src-main/discovery/types.ts';
import { Policy } from '../../../src-main/policy/schema.ts';

const service = '_thinshell._tcp.local';
const ptr = (instance: string, ttl = 120): Answer => ({ name: service, type: 'PTR', ttl, data: `${instance}.${service}` });
const srvOf = (instance: string, port: number, target = 'pve-host.local'): Answer => ({ name: `${instance}.${service}`, type: 'SRV', ttl: 120, data: { target, port, priority: 0, weight: 0 } });
const txtOf = (instance: string, ...strings: string[]): Answer => ({ name: `${instance}.${service}`, type: 'TXT', ttl: 120, data: strings });
const a = (host: string, ip: string): Answer => ({ name: host, type: 'A', ttl: 120, data: ip });

type Answerer = (name: string, type: string) => Answer[] | undefined;
const scenarios: Record<string, { answer: Answerer; deadlineMs: number }> = {
  complete: {
    deadlineMs: 1200,
    answer: (name, type) => (name === service && type === 'PTR' ? [ptr('Lab'), srvOf('Lab', 8006), txtOf('Lab', 'v=thinshell1', 'type=pve'), a('pve-host.local', '10.1.2.3')] : undefined),
  },
  pieces: {
    deadlineMs: 1200,
    answer: (name, type) => {
      if (name === service && type === 'PTR') return [ptr('Feed')];
      if (name === `Feed.${service}` && type === 'SRV') return [srvOf('Feed', 443, 'rds.local')];
      if (name === `Feed.${service}` && type === 'TXT') return [txtOf('Feed', 'v=thinshell1', 'broker=rdweb://rds.corp.example', 'name=Office')];
      return undefined;
    },
  },
  junk: {
    deadlineMs: 1200,
    answer: (name, type) =>
      name === service && type === 'PTR'
        ? [
            ptr('Good'), srvOf('Good', 3389, 'desk.local'), txtOf('Good', 'v=thinshell1', 'type=rdp'),
            ptr('NotOurs'), srvOf('NotOurs', 80), txtOf('NotOurs', 'path=/printer'),
            ptr('Typeless'), srvOf('Typeless', 4444), txtOf('Typeless', 'v=thinshell1', 'name=x'),
            ptr('Broken'), srvOf('Broken', 8006), txtOf('Broken', 'v=thinshell1', 'broker='),
            ptr('Gone'), srvOf('Gone', 8006), txtOf('Gone', 'v=thinshell1', 'type=pve'), ptr('Gone', 0),
          ]
        : undefined,
  },
  srvNeverComes: {
    deadlineMs: 800,
    answer: (name, type) => (name === service && type === 'PTR' ? [ptr('Half')] : undefined),
  },
  silent: { deadlineMs: 400, answer: () => undefined },
  // The first query is lost (multicast has no delivery guarantee): only the retry is answered.
  firstQueryLost: {
    deadlineMs: 1600,
    answer: (() => {
      let asked = 0;
      return (name: string, type: string) => {
        if (name !== service || type !== 'PTR') return undefined;
        asked += 1;
        return asked === 1 ? undefined : [ptr('Late'), srvOf('Late', 8006), txtOf('Late', 'v=thinshell1', 'type=pve'), a('pve-host.local', '10.1.2.4')];
      };
    })(),
  },
};

const results: Record<string, { found: Findings; ms: number; handlesLeft: number }> = {};
for (const [name, scenario] of Object.entries(scenarios)) {
  const responder = makeMdns({ interface: '127.0.0.1', bind: '0.0.0.0' });
  responder.on('query', (q) => {
    for (const question of q.questions) {
      const answers = scenario.answer(question.name, question.type);
      if (answers) responder.respond({ answers });
    }
  });
  await new Promise((resolve) => responder.once('ready', resolve));
  const before = process.getActiveResourcesInfo().length;
  const started = performance.now();
  const found = (await mdnsSource({ interface: '127.0.0.1' }).find(Policy.parse({ discovery: { deadlineMs: scenario.deadlineMs } }), new AbortController().signal)) as Findings;
  const ms = Math.round(performance.now() - started);
  await new Promise((resolve) => setImmediate(resolve));
  const handlesLeft = process.getActiveResourcesInfo().length - before;
  await new Promise<void>((resolve) => responder.destroy(() => resolve()));
  results[name] = { found, ms, handlesLeft };
}
process.stdout.write(`${JSON.stringify(results)}\n`);
