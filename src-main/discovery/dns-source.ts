import type { SrvRecord } from 'node:dns';
import { addCandidate, clip } from './candidates.ts';
import { fileFailure, findInSearchDomains, lookup, type DnsOptions, type DnsResolver } from './dns-lookup.ts';
import { looksLikeThinshellRecord, parseThinshellRecord, type RecordType, type ThinshellRecord } from './parsers/thinshell-record.ts';
import type { DiscoverySource, Findings } from './types.ts';

/**
 * Per domain, rank room for TXT brokers (by their priority=, at most 65535) and then its SRV
 * targets (at most 16). Eight domains must stay inside one source's rank range (1,000,000 in
 * discover.ts), or a later source would outrank this one.
 */
const domainStep = 100_000;
const srvBase = 70_000;

/**
 * `_thinshell._tcp.<domain>` for each search domain: TXT records naming a broker
 * (`v=thinshell1; broker=...`), and SRV records whose host and port are a broker of the kind
 * the TXT record at the same name gives (`v=thinshell1; type=pve`).
 */
export function dnsSource(options: DnsOptions = {}): DiscoverySource {
  return {
    name: 'dns',
    find: (policy, signal) => findInSearchDomains(options, policy, signal, (resolver, domain, i, found) => fromDomain(resolver, domain, i * domainStep, found)),
  };
}

async function fromDomain(resolver: DnsResolver, domain: string, rankBase: number, found: Findings): Promise<void> {
  const name = `_thinshell._tcp.${domain}`;
  const [srv, txt] = await Promise.all([
    lookup(`SRV ${name}`, () => resolver.resolveSrv(name)),
    lookup(`TXT ${name}`, () => resolver.resolveTxt(name)),
  ]);
  let qualifier: ThinshellRecord | undefined;
  let brokers = 0;
  if (txt.ok) {
    for (const chunks of txt.value) {
      const text = chunks.join('');
      if (!looksLikeThinshellRecord(text)) {
        found.notes.push(`dns TXT ${name}: "${clip(text)}" is not a thinshell record; ignored`);
        continue;
      }
      let record: ThinshellRecord;
      try {
        record = parseThinshellRecord(text);
      } catch (err) {
        found.problems.push(`dns TXT ${name}: ${(err as Error).message}`);
        continue;
      }
      if (record.broker) {
        // Each record its own id: two brokers of one kind at one name must both stay candidates.
        const idPrefix = `dns-${domain}${brokers ? `-${brokers + 1}` : ''}`;
        brokers += 1;
        const origin = { source: 'dns', detail: `dns TXT ${name}`, idPrefix, rank: rankBase + (record.priority ?? 0) };
        addCandidate(found, record.broker, origin, record.name ? { name: record.name } : {});
      } else if (!qualifier) qualifier = record;
      else if (qualifier.type !== record.type) found.problems.push(`dns TXT ${name}: two records give different type=; the first (${qualifier.type}) is used`);
    }
  } else fileFailure(found, txt);
  if (srv.ok) addSrvTargets(srv.value, name, domain, qualifier, rankBase + srvBase, found);
  else fileFailure(found, srv);
}

function addSrvTargets(records: SrvRecord[], name: string, domain: string, qualifier: ThinshellRecord | undefined, rankBase: number, found: Findings): void {
  // RFC 2782: lower priority first; among equals, the heavier first (no random pick: a
  // terminal should find the same broker every boot).
  const sorted = [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight).slice(0, 16);
  sorted.forEach((srv, i) => {
    const target = srv.name.replace(/\.$/, '');
    const detail = `dns SRV ${name} -> ${target || '.'}:${srv.port}`;
    if (target === '') {
      found.notes.push(`${detail}: the domain says there is no such service here`);
      return;
    }
    const type = qualifier?.type ?? typeByPort(srv.port);
    if (!type) {
      found.problems.push(`${detail}: which kind of broker? Add a TXT record "v=thinshell1; type=pve" (or ovirt, rdweb, rdp, spice) at ${name}`);
      return;
    }
    const path = type === 'ovirt' || type === 'rdweb' ? (qualifier?.path ?? '') : '';
    const origin = { source: 'dns', detail, idPrefix: `dns-srv-${domain}${i ? `-${i + 1}` : ''}`, rank: rankBase + i };
    addCandidate(found, `${type}://${bracketed(target)}:${srv.port}${path}`, origin, qualifier?.name ? { name: qualifier.name } : {});
  });
}

/** Ports that say the kind by themselves: Proxmox's API and RDP's. */
function typeByPort(port: number): RecordType | undefined {
  if (port === 8006) return 'pve';
  if (port === 3389) return 'rdp';
  return undefined;
}

function bracketed(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
