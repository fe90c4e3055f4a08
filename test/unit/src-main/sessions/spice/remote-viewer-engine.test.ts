import { describe, expect, it } from 'vitest';
import { invalidSpiceConnection } from '../../../../../src-main/sessions/spice/remote-viewer-engine.ts';
import type { SpiceConnection } from '../../../../../src-main/sessions/types.ts';

const base: SpiceConnection = { protocol: 'spice', host: 'vm.example', tlsPort: 61000, title: 't' };

describe('invalidSpiceConnection: the host', () => {
  it('behind a proxy, takes an opaque Proxmox ticket as the host (the proxy reads it)', () => {
    const ticket = 'pvespiceproxy:65a0b1c2:101:pve1::0123456789abcdef';
    expect(invalidSpiceConnection({ ...base, host: ticket, proxy: 'http://192.0.2.1:3128' })).toBeUndefined();
  });

  it('without a proxy, still wants a host name or address', () => {
    expect(invalidSpiceConnection({ ...base, host: 'pvespiceproxy:65a0b1c2:101:pve1::0123' })).toMatch(/not a host name/);
  });

  it('even behind a proxy, refuses whitespace and control characters', () => {
    expect(invalidSpiceConnection({ ...base, host: 'a b', proxy: 'http://p:3128' })).toMatch(/not a host name/);
    expect(invalidSpiceConnection({ ...base, host: 'a\nproxy=http://evil', proxy: 'http://p:3128' })).toMatch(/not a host name/);
  });
});
