import { describe, expect, it } from 'vitest';
import { serverBrokerInfo } from '../../../../../src-main/brokers/common/broker-info.ts';
import { RdwebBroker } from '../../../../../src-main/policy/schema.ts';

const rdweb = (url: string, insecure = false) => RdwebBroker.parse({ type: 'rdweb', id: 'feed', name: 'Feed', url, tls: { insecure }, defaultDomain: 'CORP' });

describe('serverBrokerInfo', () => {
  it('marks a broker insecure only when policy allows it and certificates go unchecked', () => {
    expect(serverBrokerInfo(rdweb('https://rds/RDWeb/Feed/webfeed.aspx', true), 'rdweb', 'policy', true).insecure).toBe(true);
    expect(serverBrokerInfo(rdweb('https://rds/RDWeb/Feed/webfeed.aspx', true), 'rdweb', 'policy', false).insecure).toBe(false);
    expect(serverBrokerInfo(rdweb('https://rds/RDWeb/Feed/webfeed.aspx'), 'rdweb', 'policy', true).insecure).toBe(false);
    // Scheme case does not hide plain http from the mark.
    expect(serverBrokerInfo(rdweb('HTTP://rds/RDWeb/Feed/webfeed.aspx'), 'rdweb', 'policy', true).insecure).toBe(true);
  });

  it('carries what the sign-in screen needs', () => {
    expect(serverBrokerInfo(rdweb('https://rds/RDWeb/Feed/webfeed.aspx'), 'rdweb', 'dns', false)).toEqual({
      id: 'feed', name: 'Feed', kind: 'rdweb', source: 'dns', address: 'https://rds/RDWeb/Feed/webfeed.aspx', domain: 'hidden', defaultDomain: 'CORP', insecure: false,
    });
  });
});
