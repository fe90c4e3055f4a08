import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitForOutput, type TestNetwork } from './netns.ts';
import type { ChildProcess } from 'node:child_process';

/** What the server side's dnsmasq hands out: DHCP options as dnsmasq writes them, DNS records. */
export interface DnsmasqSetup {
  /** dhcp-option-force lines' values, e.g. `224,"pve://..."` or `43,e0:05:...`. */
  dhcpOptions: string[];
  /** srv-host=, txt-record=, address= lines; none serves no DNS at all (port=0). */
  dns?: string[];
}

/** A real dnsmasq in the server namespace: DHCP on the veth, DNS for corp.test. */
export async function startDnsmasq(net: TestNetwork, dir: string, setup: DnsmasqSetup): Promise<{ stop(): Promise<void> }> {
  const conf = [
    'keep-in-foreground',
    `interface=${net.serverIf}`,
    'bind-interfaces',
    'no-resolv',
    'no-hosts',
    'log-dhcp',
    'log-facility=-',
    setup.dns ? 'port=53' : 'port=0',
    'dhcp-range=10.213.0.50,10.213.0.60,255.255.255.0,2m',
    `dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
    'dhcp-option=option:router,10.213.0.1',
    ...(setup.dns ? ['dhcp-option=option:dns-server,10.213.0.1', 'dhcp-option=option:domain-search,corp.test', ...setup.dns] : []),
    ...setup.dhcpOptions.map((o) => `dhcp-option-force=${o}`),
  ];
  const file = join(dir, `dnsmasq-${Date.now()}.conf`);
  await writeFile(file, `${conf.join('\n')}\n`);
  const child = net.spawnIn(net.server, ['timeout', '300', 'dnsmasq', '-C', file, `--pid-file=${join(dir, 'dnsmasq.pid')}`]);
  await waitForOutput(child, /DHCP, IP range 10\.213\.0\.50/, 'dnsmasq');
  return { stop: () => stopChild(child) };
}

/**
 * The script dhclient runs (-sf): configures the address and default route, and writes the
 * namespace's resolv.conf from the lease (inside `ip netns exec`, /etc/resolv.conf is
 * /etc/netns/NS/resolv.conf). Written here so that Debian's hooks never touch the host.
 */
const dhclientScript = `#!/bin/sh
case "$reason" in
  PREINIT) ip link set "$interface" up ;;
  BOUND|RENEW|REBIND|REBOOT)
    ip addr replace "$new_ip_address/$new_subnet_mask" dev "$interface"
    [ -n "$new_routers" ] && ip route replace default via "\${new_routers%% *}" dev "$interface"
    { [ -n "$new_domain_search" ] && echo "search $new_domain_search"
      for ns in $new_domain_name_servers; do echo "nameserver $ns"; done; } > /etc/resolv.conf
    ;;
esac
exit 0
`;

/** A real dhclient in the terminal namespace, writing its lease into `leaseFile`; resolves once bound. */
export async function runDhclient(net: TestNetwork, dir: string, leaseFile: string): Promise<{ stop(): Promise<void> }> {
  const script = join(dir, 'dhclient-script');
  await writeFile(script, dhclientScript);
  await chmod(script, 0o755);
  // The default request list (no "also request unknown-N": dhclient 4.4.3 crashes on it);
  // dnsmasq forces the site options in anyway, as a site's DHCP server would.
  const conf = join(dir, 'dhclient.conf');
  await writeFile(conf, 'request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, domain-search, vendor-encapsulated-options;\n');
  await writeFile(join(net.etcDir(net.terminal), 'resolv.conf'), '');
  const child = net.spawnIn(net.terminal, ['timeout', '300', 'dhclient', '-d', '-1', '-v', '-cf', conf, '-lf', leaseFile, '-pf', join(dir, `dhclient-${Date.now()}.pid`), '-sf', script, net.terminalIf]);
  await waitForOutput(child, /bound to 10\.213\.0\.\d+/, 'dhclient');
  return { stop: () => stopChild(child) };
}

/** Ends a child (SIGTERM) and waits for it. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/**
 * A private avahi-daemon in the server namespace announcing `_thinshell._tcp`: its own config
 * and service file (bind-mounted over /etc/avahi), no D-Bus, and a private /run for its pid file.
 */
export async function startAvahi(net: TestNetwork, service: { name: string; port: number; txt: string[] }): Promise<void> {
  const etc = join(net.etcDir(net.server), 'avahi');
  await mkdir(join(etc, 'services'), { recursive: true });
  await writeFile(
    join(etc, 'avahi-daemon.conf'),
    [
      '[server]',
      `host-name=${net.server}`,
      'use-ipv4=yes',
      'use-ipv6=no',
      `allow-interfaces=${net.serverIf}`,
      'enable-dbus=no',
      '[wide-area]',
      'enable-wide-area=no',
      '[publish]',
      'publish-hinfo=no',
      'publish-workstation=no',
      '',
    ].join('\n'),
  );
  const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  await writeFile(
    join(etc, 'services', 'thinshell.service'),
    `<?xml version="1.0" standalone='no'?>\n<!DOCTYPE service-group SYSTEM "avahi-service.dtd">\n<service-group>\n  <name>${xml(service.name)}</name>\n  <service>\n    <type>_thinshell._tcp</type>\n    <port>${service.port}</port>\n${service.txt.map((t) => `    <txt-record>${xml(t)}</txt-record>\n`).join('')}  </service>\n</service-group>\n`,
  );
  const child = net.spawnIn(net.server, [
    'unshare', '-m', 'sh', '-c',
    'mount -t tmpfs tmpfs /run && exec timeout 300 avahi-daemon --no-drop-root --no-chroot --no-rlimits -f /etc/avahi/avahi-daemon.conf',
  ]);
  await waitForOutput(child, /successfully established/, 'avahi-daemon');
}
