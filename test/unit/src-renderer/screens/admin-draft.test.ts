import { describe, expect, it } from 'vitest';
import type { AdminView } from '../../../../src-main/contract/index.ts';
import { localChanges, type Draft } from '../../../../src-renderer/screens/admin-draft.ts';

const effective: Draft = {
  locale: 'en',
  brokerAddress: 'vdi.example.org',
  onSessionEnd: 'signIn',
  rdpEngine: 'native',
  preventSleep: false,
  devtools: false,
};

describe('localChanges', () => {
  it('keeps changed keys and keys the local layer held; drops untouched and locked ones', () => {
    const view: AdminView = { effective, local: { locale: 'en' }, locked: ['devtools'], layers: [] };
    const draft: Draft = { ...effective, onSessionEnd: 'powerOff', devtools: true };
    expect(localChanges(draft, view)).toEqual({ locale: 'en', onSessionEnd: 'powerOff' });
  });

  it('is empty when nothing changed and the local layer is empty', () => {
    expect(localChanges(effective, { effective, local: {}, locked: [], layers: [] })).toEqual({});
  });
});
