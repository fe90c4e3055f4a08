export interface ResolvConf {
  nameservers: string[];
  /** The search list: the last `search` or `domain` line wins, as resolv.conf(5) says. */
  search: string[];
}

/** Reads /etc/resolv.conf: `nameserver`, `search`, `domain`; `#` and `;` start comments. */
export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], search: [] };
  for (const raw of text.split('\n').slice(0, 1000)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...args] = line.split(/\s+/);
    if (key === 'nameserver' && args[0]) out.nameservers.push(args[0]);
    else if (key === 'search') out.search = args.slice(0, 32);
    else if (key === 'domain' && args[0]) out.search = [args[0]];
  }
  out.search = out.search.map((d) => d.replace(/\.$/, '').toLowerCase()).filter((d) => d !== '');
  return out;
}
