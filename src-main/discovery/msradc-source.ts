import { addCandidate, clip } from './candidates.ts';
import { fileFailure, findInSearchDomains, lookup, type DnsOptions, type DnsResolver } from './dns-lookup.ts';
import type { DiscoverySource, Findings } from './types.ts';

/**
 * Microsoft's e-mail discovery of RD Web feeds: the TXT record `_msradc.<domain>` holds the
 * feed's URL (https://rds.example/RDWeb/Feed/webfeed.aspx), here for each search domain.
 */
export function msradcSource(options: DnsOptions = {}): DiscoverySource {
  return {
    name: 'msradc',
    find: (policy, signal) => findInSearchDomains(options, policy, signal, (resolver, domain, i, found) => fromDomain(resolver, domain, i * 100, found)),
  };
}

async function fromDomain(resolver: DnsResolver, domain: string, rank: number, found: Findings): Promise<void> {
  const name = `_msradc.${domain}`;
  const txt = await lookup(`TXT ${name}`, () => resolver.resolveTxt(name));
  if (!txt.ok) {
    fileFailure(found, txt);
    return;
  }
  txt.value.slice(0, 8).forEach((chunks, i) => {
    const url = chunks.join('').trim();
    const detail = `dns TXT ${name}`;
    const origin = { source: 'msradc', detail, idPrefix: `msradc-${domain}${i ? `-${i + 1}` : ''}`, rank: rank + i };
    const m = /^https:\/\/(.+)$/i.exec(url);
    if (!m || url.length > 2048) {
      found.problems.push(`${detail}: "${clip(url)}" is not an https:// feed URL`);
      return;
    }
    // The record is a feed whatever its path says: rdweb:// keeps the path, or adds the usual one.
    addCandidate(found, `rdweb://${m[1]}`, origin);
  });
}
