import { describe, expect, it } from 'vitest';
import { DirectBrokerAdapter } from '../../../../../src-main/brokers/direct/broker.ts';
import { Secret } from '../../../../../src-main/common/secret.ts';
import { DirectBroker } from '../../../../../src-main/policy/schema.ts';

const config = DirectBroker.parse({
  type: 'direct',
  id: 'd',
  name: 'Direct',
  defaultDomain: 'CORP',
  hosts: [
    { id: 'r', name: 'RDP', protocol: 'rdp', host: '[::1]', rdp: { certificate: 'ignore' } },
    { id: 's', name: 'SPICE', protocol: 'spice', host: 'vm.example', spice: { tlsPort: 5901, hostSubject: 'CN=vm' } },
  ],
});
const signal = new AbortController().signal;

async function session(allowInsecure = false) {
  const broker = new DirectBrokerAdapter(config, 'policy', { allowInsecure });
  const result = await broker.signIn({ username: 'u', password: new Secret('pw') }, signal);
  if (result.kind !== 'signedIn') throw new Error('expected signedIn');
  return { broker, session: result.session };
}

describe('DirectBrokerAdapter', () => {
  it('lists every host with its address and an unknown status', async () => {
    const { session: s } = await session();
    expect(await s.listDesktops(signal)).toEqual([
      { id: 'r', name: 'RDP', protocol: 'rdp', status: 'unknown', description: '[::1]:3389' },
      { id: 's', name: 'SPICE', protocol: 'spice', status: 'unknown', description: 'vm.example:5900' },
    ]);
  });

  it('builds an RDP connection with the default domain and without brackets', async () => {
    const { session: s } = await session();
    const steps: string[] = [];
    const spec = await s.prepareLaunch('r', signal, (st) => steps.push(st));
    expect(steps).toEqual(['prepare']);
    expect(spec).toMatchObject({ protocol: 'rdp', host: '::1', port: 3389, username: 'u', domain: 'CORP' });
    // "ignore" needs kiosk.allowInsecure; without it the system store is used.
    expect(spec.protocol === 'rdp' && spec.certificate.mode).toBe('system');
  });

  it('honours certificate ignore only when policy allows insecure, and marks the broker', async () => {
    const { broker, session: s } = await session(true);
    expect(broker.info.insecure).toBe(true);
    const spec = await s.prepareLaunch('r', signal, () => {});
    expect(spec.protocol === 'rdp' && spec.certificate.mode).toBe('ignore');
  });

  it('builds a TLS-only SPICE connection without a plain port', async () => {
    const { session: s } = await session();
    const spec = await s.prepareLaunch('s', signal, () => {});
    expect(spec).toMatchObject({ protocol: 'spice', host: 'vm.example', tlsPort: 5901, hostSubject: 'CN=vm' });
    expect('port' in spec).toBe(false);
  });

  it('forgets the credentials on sign-out and refuses unknown desktops', async () => {
    const { session: s } = await session();
    await expect(s.prepareLaunch('nope', signal, () => {})).rejects.toMatchObject({ code: 'desktop-unavailable' });
    await s.signOut();
    await expect(s.prepareLaunch('r', signal, () => {})).rejects.toMatchObject({ code: 'not-allowed-now' });
  });
});
