import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustRules, TlsTrustError } from '../../../../../src-main/brokers/common/trust.ts';
import { BrokerTls } from '../../../../../src-main/policy/schema.ts';
import { makeTestPki, type TestPki } from '../../../../support/tls-cert.ts';

let pki: TestPki;
beforeAll(async () => (pki = await makeTestPki()));
afterAll(() => pki?.remove());

describe('trustRules', () => {
  it('parses the system store once per CA set: a second sign-in reuses the secure context', () => {
    const first = trustRules(BrokerTls.parse({ ca: [pki.ca] }), false);
    // A fresh policy object with the same CAs (a policy reload, the next sign-in).
    const again = trustRules(BrokerTls.parse({ ca: [pki.ca] }), false);
    expect(again.context).toBe(first.context);
    expect(trustRules(BrokerTls.parse({}), false).context).not.toBe(first.context);
  });

  it('an unreadable policy CA is refused on every call, never cached', () => {
    const bad = BrokerTls.parse({ ca: ['-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----'] });
    expect(() => trustRules(bad, false)).toThrow(TlsTrustError);
    expect(() => trustRules(bad, false)).toThrow(TlsTrustError);
  });
});
