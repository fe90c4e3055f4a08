import { describe, expect, it } from 'vitest';
import { rdwebUser } from '../../../../../src-main/brokers/rdweb/auth.ts';
import { RdwebBrokerAdapter } from '../../../../../src-main/brokers/rdweb/broker.ts';
import { Secret } from '../../../../../src-main/common/secret.ts';
import { RdwebBroker } from '../../../../../src-main/policy/schema.ts';

describe('rdwebUser', () => {
  const pw = new Secret('p');
  it('splits DOMAIN\\user, keeps a UPN whole with no domain, else takes the domain given', () => {
    expect(rdwebUser('CORP\\alice', 'OTHER', pw)).toMatchObject({ user: 'alice', domain: 'CORP' });
    expect(rdwebUser('alice@corp.example', 'CORP', pw)).toMatchObject({ user: 'alice@corp.example', domain: '' });
    expect(rdwebUser('alice', 'CORP', pw)).toMatchObject({ user: 'alice', domain: 'CORP' });
    expect(rdwebUser('alice', undefined, pw)).toMatchObject({ user: 'alice', domain: '' });
    // A backslash splits first, as in FreeRDP.
    expect(rdwebUser('CORP\\alice@corp.example', undefined, pw)).toMatchObject({ user: 'alice@corp.example', domain: 'CORP' });
    expect(rdwebUser('alice', undefined, pw).password).toBe(pw);
  });
});

describe('RdwebBrokerAdapter', () => {
  const config = (over: Record<string, unknown> = {}) => RdwebBroker.parse({ type: 'rdweb', id: 'rd', name: 'RD', url: 'https://rdweb.corp.example/RDWeb/Feed/webfeed.aspx', ...over });
  it('describes itself for the UI; insecure only with both the policy flag and allowInsecure', () => {
    const b = new RdwebBrokerAdapter(config({ domain: 'optional', defaultDomain: 'CORP' }), 'dns', { allowInsecure: false });
    expect(b.info).toEqual({ id: 'rd', name: 'RD', kind: 'rdweb', source: 'dns', address: 'https://rdweb.corp.example/RDWeb/Feed/webfeed.aspx', domain: 'optional', defaultDomain: 'CORP', insecure: false });
    expect(new RdwebBrokerAdapter(config({ tls: { insecure: true } }), 'p', { allowInsecure: false }).info.insecure).toBe(false);
    expect(new RdwebBrokerAdapter(config({ tls: { insecure: true } }), 'p', { allowInsecure: true }).info.insecure).toBe(true);
  });

  it('a required domain must be given (in the field or the user name) before anything is sent', async () => {
    const b = new RdwebBrokerAdapter(config({ domain: 'required' }), 'p', { allowInsecure: false });
    await expect(b.signIn({ username: 'alice', password: new Secret('x') }, AbortSignal.timeout(1000))).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('policy defaults: auth auto, redirections off but sound, certificate checked by the system store', () => {
    expect(config()).toMatchObject({ auth: 'auto', rdp: { security: 'auto', certificate: 'system', fingerprints: [], redirect: { clipboard: false, audioOut: true, audioIn: false, smartcard: false, drives: [] } } });
    expect(() => config({ auth: 'kerberos' })).toThrow();
    expect(() => config({ rdp: { redirect: { drives: [{ name: 'x', path: 'relative' }] } } })).toThrow();
  });
});
