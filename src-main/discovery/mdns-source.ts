import { networkInterfaces } from 'node:os';
import makeMdns from 'multicast-dns';
import { addCandidate, clip, safeId } from './candidates.ts';
import { looksLikeThinshellRecord, parseThinshellRecord, type ThinshellRecord } from './parsers/thinshell-record.ts';
import { emptyFindings, type DiscoverySource, type Findings } from './types.ts';

export const mdnsService = '_thinshell._tcp.local';

export interface MdnsSourceOptions {
  /** Default 5353; tests may use another port with their own responder. */
  port?: number;
  /** The interface address to send and listen on; default all. */
  interface?: string;
}

interface Instance {
  srv?: { target: string; port: number };
  txt?: string[];
  asked: boolean;
}

const maxInstances = 32;
/** After the last new answer, how long to wait for more before returning early. */
const quietMs = 300;
/**
 * A query lost on the link (multicast has no delivery guarantee) is asked again once, as RFC 6762
 * queriers retransmit; one bounded retry inside the listening window, never a loop.
 */
const retryMs = 700;

/**
 * DNS-SD browse of `_thinshell._tcp.local`: one PTR query (asked once more after 700 ms while
 * nothing answered), then SRV/TXT/A for instances whose answer did not bring them. It listens for at most three quarters of the deadline, returns
 * early once answers stop coming, and always closes its socket: no timer, no membership, no
 * query outlives it. Anyone on the link can announce, so candidates need a person's choice.
 */
export function mdnsSource(options: MdnsSourceOptions = {}): DiscoverySource {
  return {
    name: 'mdns',
    find(policy, signal) {
      // No link to ask on (a kiosk without network): say so at once instead of listening to nothing.
      if (!options.interface && !hasLink()) return Promise.resolve({ candidates: [], problems: [], notes: ['no network interface with an IPv4 address to ask on'] });
      const listenMs = Math.max(100, Math.floor(policy.discovery.deadlineMs * 0.75));
      return browse(options, listenMs, signal);
    },
  };
}

function browse(options: MdnsSourceOptions, listenMs: number, signal: AbortSignal): Promise<Findings> {
  return new Promise((resolve, reject) => {
    const found = emptyFindings();
    const instances = new Map<string, Instance>();
    const addresses = new Map<string, string>();
    // With an interface, still bind the wildcard address: a socket bound to a unicast address
    // never receives the multicast answers.
    const mdns = makeMdns({ port: options.port ?? 5353, ...(options.interface ? { interface: options.interface, bind: '0.0.0.0' } : {}) });
    let quiet: NodeJS.Timeout | undefined;
    let retry: NodeJS.Timeout | undefined;
    let ended = false;
    const end = (err?: Error) => {
      if (ended) return;
      ended = true;
      clearTimeout(listen);
      clearTimeout(quiet);
      clearTimeout(retry);
      signal.removeEventListener('abort', onAbort);
      mdns.removeAllListeners();
      mdns.on('error', () => {});
      mdns.on('warning', () => {});
      mdns.destroy();
      if (err) reject(err);
      else resolve(collect(instances, addresses, found));
    };
    const onAbort = () => end();
    const listen = setTimeout(() => end(), listenMs);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) return end();
    mdns.on('error', (err: Error) => end(new Error(`mDNS: ${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim())));
    mdns.on('warning', () => {}); // a malformed packet from anyone on the link: not ours to report
    const ask = () => mdns.query({ questions: [{ name: mdnsService, type: 'PTR' }] });
    mdns.on('ready', () => {
      ask();
      if (listenMs > retryMs) retry = setTimeout(() => instances.size === 0 && !ended && ask(), retryMs);
    });
    mdns.on('response', (packet) => {
      let news = false;
      for (const rr of [...(packet.answers ?? []), ...(packet.additionals ?? [])]) {
        const name = typeof rr.name === 'string' ? rr.name.toLowerCase() : '';
        if (rr.type === 'PTR' && name === mdnsService && typeof rr.data === 'string') {
          const key = rr.data;
          if (rr.ttl === 0) instances.delete(key); // a goodbye
          else if (!instances.has(key) && instances.size < maxInstances) {
            instances.set(key, { asked: false });
            news = true;
          }
        } else if (rr.type === 'SRV' && rr.data && typeof rr.data === 'object' && 'port' in rr.data) {
          const inst = findInstance(instances, rr.name);
          if (inst) inst.srv = { target: String(rr.data.target).replace(/\.$/, ''), port: Number(rr.data.port) };
          news = news || Boolean(inst);
        } else if (rr.type === 'TXT' && Array.isArray(rr.data)) {
          const inst = findInstance(instances, rr.name);
          if (inst) inst.txt = (rr.data as (Buffer | string)[]).map((b) => (typeof b === 'string' ? b : b.toString('utf8')));
        } else if (rr.type === 'A' && typeof rr.data === 'string') {
          addresses.set(name.replace(/\.$/, ''), rr.data);
        }
      }
      for (const [name, inst] of instances) {
        if ((!inst.srv || !inst.txt) && !inst.asked) {
          inst.asked = true;
          mdns.query({ questions: [{ name, type: 'SRV' }, { name, type: 'TXT' }] });
        }
      }
      if (news || [...instances.values()].some((i) => i.srv)) {
        clearTimeout(quiet);
        if ([...instances.values()].every((i) => i.srv && i.txt)) quiet = setTimeout(() => end(), quietMs);
      }
    });
  });
}

function hasLink(): boolean {
  return Object.values(networkInterfaces()).some((addrs) => addrs?.some((a) => a.family === 'IPv4' && !a.internal));
}

function findInstance(instances: Map<string, Instance>, name: unknown): Instance | undefined {
  if (typeof name !== 'string') return undefined;
  for (const [key, inst] of instances) if (key.toLowerCase() === name.toLowerCase()) return inst;
  return undefined;
}

function collect(instances: Map<string, Instance>, addresses: Map<string, string>, found: Findings): Findings {
  let rank = 0;
  for (const [name, inst] of [...instances].sort(([a], [b]) => a.localeCompare(b))) {
    const label = name.endsWith(`.${mdnsService}`) ? name.slice(0, -(mdnsService.length + 1)) : name;
    const detail = `mdns ${mdnsService} "${clip(label)}"`;
    if (!inst.srv) {
      found.problems.push(`${detail}: announced, but its host and port (SRV) never came`);
      continue;
    }
    const text = (inst.txt ?? []).map((s) => s.trim()).filter(Boolean).join('; ');
    let record: ThinshellRecord | undefined;
    if (text !== '') {
      if (!looksLikeThinshellRecord(text)) {
        found.problems.push(`${detail}: TXT "${clip(text)}" is not a thinshell record`);
        continue;
      }
      try {
        record = parseThinshellRecord(text);
      } catch (err) {
        found.problems.push(`${detail}: ${(err as Error).message}`);
        continue;
      }
    }
    // Terminals rarely resolve .local names (no nss-mdns): take the A record that came along.
    const host = addresses.get(inst.srv.target.toLowerCase()) ?? inst.srv.target;
    const type = record?.type ?? (inst.srv.port === 8006 ? 'pve' : inst.srv.port === 3389 ? 'rdp' : undefined);
    const address = record?.broker ?? (type ? `${type}://${host}:${inst.srv.port}${type === 'ovirt' || type === 'rdweb' ? (record?.path ?? '') : ''}` : undefined);
    if (!address) {
      found.problems.push(`${detail}: which kind of broker? Its TXT needs type= (pve, ovirt, rdweb, rdp, spice) or broker=`);
      continue;
    }
    const origin = { source: 'mdns', detail: `${detail} at ${host}:${inst.srv.port}`, idPrefix: `mdns-${safeId(label)}`, rank: rank++, confirm: true };
    addCandidate(found, address, origin, { name: record?.name ?? label.slice(0, 128) });
  }
  return found;
}
