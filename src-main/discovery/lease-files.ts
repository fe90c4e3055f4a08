import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Where ISC dhclient leaves its leases: Debian, Fedora/RHEL, and NetworkManager's dhclient back end. */
const leasePlaces: { dir: string; name: RegExp }[] = [
  { dir: '/var/lib/dhcp', name: /^dhclient.*\.leases?$/ },
  { dir: '/var/lib/dhclient', name: /\.leases?$/ },
  { dir: '/var/lib/NetworkManager', name: /^dhclient.*\.lease$/ },
];

/** The lease files present on this system (none is normal: no DHCP, or another client). */
export async function systemLeaseFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const place of leasePlaces) {
    try {
      for (const name of (await readdir(place.dir)).sort()) if (place.name.test(name)) found.push(join(place.dir, name));
    } catch {
      // the directory does not exist here
    }
  }
  return found;
}

const maxLeaseFileBytes = 4 * 1024 * 1024;

/** Reads a lease file, refusing ones too big to be a lease file (and never blocking on a FIFO). */
export async function readLeaseFile(path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a regular file`);
  if (info.size > maxLeaseFileBytes) throw new Error(`${path} is ${info.size} bytes; a lease file is far smaller`);
  return readFile(path, 'utf8');
}
