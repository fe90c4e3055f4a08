/**
 * The interface of the IPv4 default route, from /proc/net/route (per network namespace):
 * destination and mask 00000000, flag RTF_UP, lowest metric first. Undefined when there is none.
 */
export function defaultRouteInterface(text: string): string | undefined {
  let best: { iface: string; metric: number } | undefined;
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface, destination, , flags, , , metric, mask] = f as [string, string, string, string, string, string, string, string];
    if (!/^[0-9A-Fa-f]{8}$/.test(destination) || !/^[0-9A-Fa-f]{1,4}$/.test(flags) || !/^\d+$/.test(metric)) continue;
    const up = (parseInt(flags, 16) & 1) === 1;
    if (!up || parseInt(destination, 16) !== 0 || parseInt(mask, 16) !== 0) continue;
    if (!best || Number(metric) < best.metric) best = { iface, metric: Number(metric) };
  }
  return best?.iface;
}
