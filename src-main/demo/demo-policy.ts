import type { PolicyInput } from '../policy/schema.ts';

export const DEMO_USER = 'demo';
export const DEMO_PASSWORD = 'thinshell';
export const DEMO_ADMIN_PIN = '2468';

export interface DemoServers {
  rdp: { host: string; port: number; fingerprint: string };
  spice: { host: string; port: number };
}

/**
 * The embedded default: a direct broker listing the demo's own RDP and SPICE servers. The RDP
 * server's self-signed certificate is pinned by fingerprint, so nothing runs with checks off.
 */
export function demoPolicy(servers: DemoServers, adminPinHash: string): PolicyInput {
  return {
    terminal: { name: 'thinshell-demo' },
    brokers: [
      {
        type: 'direct',
        id: 'demo',
        name: 'thinshell demo',
        domain: 'hidden',
        hosts: [
          {
            id: 'rdp-demo',
            name: 'Demo desktop (RDP)',
            protocol: 'rdp',
            host: servers.rdp.host,
            port: servers.rdp.port,
            description: 'FreeRDP shadow server with NLA on this machine',
            rdp: { security: 'nla', certificate: 'pin', fingerprints: [servers.rdp.fingerprint] },
          },
          {
            id: 'spice-demo',
            name: 'Demo VM (SPICE)',
            protocol: 'spice',
            host: servers.spice.host,
            port: servers.spice.port,
            description: 'QEMU virtual machine on this machine',
          },
        ],
      },
    ],
    session: { onEnd: 'signIn', endedScreenSec: 4 },
    kiosk: { adminPinHash },
  };
}
