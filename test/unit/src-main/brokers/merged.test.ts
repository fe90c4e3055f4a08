import { describe, expect, it } from 'vitest';
import { DirectBrokerAdapter } from '../../../../src-main/brokers/direct/broker.ts';
import { MergedBroker } from '../../../../src-main/brokers/merged.ts';
import { Secret } from '../../../../src-main/common/secret.ts';
import { DirectBroker } from '../../../../src-main/policy/schema.ts';
import { signal, signedIn } from '../../../support/broker-calls.ts';

const direct = (id: string, host: string) =>
  new DirectBrokerAdapter(DirectBroker.parse({ type: 'direct', id, name: id, hosts: [{ id: 'desk', name: `${id} desk`, protocol: 'rdp', host }] }), 'policy', { allowInsecure: false });

describe('MergedBroker', () => {
  it('names the member broker each merged desktop belongs to', async () => {
    const merged = new MergedBroker([direct('lab', '10.0.0.1'), direct('office', '10.0.0.2')], 'All');
    const session = signedIn(await merged.signIn({ username: 'alice', password: new Secret('pw') }, signal()));
    const ids = (await session.listDesktops(signal())).map((d) => d.id);
    expect(ids).toEqual(['lab/desk', 'office/desk']);
    expect(ids.map((id) => session.brokerOf?.(id))).toEqual(['lab', 'office']);
    expect(session.brokerOf?.('elsewhere/desk')).toBeUndefined();
    expect(session.brokerOf?.('no-slash')).toBeUndefined();
    expect(await session.prepareLaunch('office/desk', signal(), () => {})).toMatchObject({ host: '10.0.0.2' });
  });
});
