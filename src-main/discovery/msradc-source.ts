import { addCandidate, clip } from './candidates.ts';
import { dnsContext, fileFailure, lookup, searchDomains, type DnsOptions } from './dns-lookup.ts';
import { emptyFindings, type DiscoverySource, type Findings } from './types.ts';

/**
 * Microsoft's e-mail discovery of RD Web feeds: the TXT record `_msradc.<domain>` holds the
 * feed's URL (https://rds.example/RDWeb/Feed/webfeed.aspx), here for each search domain.
 */
export function msradcSource(options: DnsOptions = {}): DiscoverySource {
  return {
    name: 'msradc',
    async find(policy, signal) {
      const found = emptyFindings();
      const ctx = await dnsContext(options, policy.discovery.deadlineMs, signal);
      if (signal.aborted) return found;
      const domains = searchDomains(policy.discovery.domains, ctx.search);
      if (ctx.note) found.notes.push(ctx.note);
      if (domains.length === 0) {
        found.notes.push('no DNS domain to search (the resolver has no search list and policy discovery.domains is empty)');
        return found;
      }
      await Promise.all(domains.map((domain, i) => fromDomain(ctx.resolver, domain, i * 100, found)));
      return found;
    },
  };
}

async function fromDomain(resolver: Awaited<ReturnType<typeof dnsContext>>['resolver'], domain: string, rank: number, found: Findings): Promise<void> {
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
