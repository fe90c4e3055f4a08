import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readDhcpOptions } from './dhcp-options.ts';
import { readLeaseFile, systemLeaseFiles } from './lease-files.ts';
import { parseDhclientLeases, type DhclientLease } from './parsers/dhclient-lease.ts';
import { parseNmcliDhcp } from './parsers/nmcli-dhcp.ts';
import { defaultRouteInterface } from './parsers/proc-route.ts';
import { emptyFindings, type DiscoverySource, type Findings } from './types.ts';

export interface DhcpSourceOptions {
  /** Lease files to read; default: dhclient's usual places (lease-files.ts). */
  leaseFiles?: () => Promise<string[]>;
  /** The nmcli program, or false to leave NetworkManager out. */
  nmcli?: string | false;
  /** Default: /proc/net/route (of this process's network namespace). */
  routeFile?: string;
  now?: () => Date;
}

/**
 * Broker addresses in DHCP options of the active interface (the one with the default route):
 * from the newest unexpired ISC dhclient lease of that interface, and from NetworkManager
 * (`nmcli`), which hands on options 224-254 whichever DHCP client it runs.
 */
export function dhcpSource(options: DhcpSourceOptions = {}): DiscoverySource {
  return {
    name: 'dhcp',
    async find(policy, signal) {
      const found = emptyFindings();
      const site = policy.discovery.dhcpOption;
      const iface = await activeInterface(options.routeFile ?? '/proc/net/route', found);
      // Discovery may already be over (another source settled it): no lease reads, no nmcli child.
      if (signal.aborted) return found;
      await Promise.all([
        fromLeaseFiles(options, iface, site, found),
        options.nmcli === false ? undefined : fromNmcli(options.nmcli ?? 'nmcli', iface, site, found, signal),
      ]);
      return found;
    },
  };
}

async function activeInterface(routeFile: string, found: Findings): Promise<string | undefined> {
  try {
    const iface = defaultRouteInterface(await readFile(routeFile, 'utf8'));
    if (!iface) found.notes.push('no default route; reading the newest lease of any interface');
    return iface;
  } catch (err) {
    found.notes.push(`cannot read ${routeFile}: ${(err as Error).message}`);
    return undefined;
  }
}

async function fromLeaseFiles(options: DhcpSourceOptions, iface: string | undefined, site: number, found: Findings): Promise<void> {
  const files = await (options.leaseFiles ?? systemLeaseFiles)();
  if (files.length === 0) {
    found.notes.push('no dhclient lease file');
    return;
  }
  const now = (options.now ?? (() => new Date()))().getTime();
  let newest: { lease: DhclientLease; file: string; expires: number } | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = await readLeaseFile(file);
    } catch (err) {
      found.problems.push(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      continue;
    }
    const parsed = parseDhclientLeases(text);
    for (const p of parsed.problems) found.problems.push(`${file}: ${p}`);
    for (const lease of parsed.leases) {
      if (iface && lease.interface !== iface) continue;
      const expires = lease.expire === undefined || lease.expire === 'never' ? Infinity : lease.expire.at.getTime();
      if (expires <= now) continue;
      // Later in the file (or a later file) is newer when the expiry ties: dhclient appends.
      if (!newest || expires >= newest.expires) newest = { lease, file, expires };
    }
  }
  if (!newest) {
    found.notes.push(`no unexpired dhclient lease${iface ? ` for ${iface}` : ''} in ${files.join(', ')}`);
    return;
  }
  const where = `on ${newest.lease.interface ?? 'an unnamed interface'} (${newest.file})`;
  readDhcpOptions(newest.lease.options, site, where, found);
}

async function fromNmcli(program: string, iface: string | undefined, site: number, found: Findings, signal: AbortSignal): Promise<void> {
  const args = ['-t', '-f', 'GENERAL.DEVICE,DHCP4', 'device', 'show', ...(iface ? [iface] : [])];
  let stdout: string;
  try {
    stdout = await new Promise<string>((resolve, reject) => {
      execFile(program, args, { signal, maxBuffer: 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (err, out, errOut) => {
        if (err) reject(Object.assign(err, { stderr: String(errOut).trim() }));
        else resolve(String(out));
      });
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (signal.aborted) return;
    if (e.code === 'ENOENT') found.notes.push('nmcli is not installed');
    else found.notes.push(`nmcli: ${e.stderr || e.message}`.slice(0, 300));
    return;
  }
  const parsed = parseNmcliDhcp(stdout);
  for (const p of parsed.problems) found.problems.push(`nmcli: ${p}`);
  for (const device of parsed.devices) {
    if (iface && device.device && device.device !== iface) continue;
    readDhcpOptions(device.options, site, `on ${device.device ?? iface ?? 'a device'} (nmcli)`, found, 'nm');
  }
}
