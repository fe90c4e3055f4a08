import { useState, type FormEvent } from 'react';
import type { BrokerInfo, ScreenOf } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Field } from '../components/Field.tsx';
import { Footer } from '../components/Footer.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { useT, type MessageKey, type T } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';

const KNOWN_SOURCES = ['policy', 'dhcp', 'dns', 'msradc', 'mdns', 'setup'];

/** Where a broker was found, in words; an unknown source is shown as main named it. */
export function sourceText(t: T, source: string): string {
  return KNOWN_SOURCES.includes(source) ? t(`broker.source.${source}` as MessageKey) : t('broker.source.other', { source });
}

export function candidateText(t: T, broker: BrokerInfo): string {
  return t('setup.candidate', { name: broker.name, kind: t(`broker.kind.${broker.kind}`), source: sourceText(t, broker.source) });
}

/** First run: type a broker address, or take one that discovery found. */
export function Setup({ screen }: { screen: ScreenOf<'setup'> }) {
  const t = useT();
  const call = useShell((s) => s.call);
  const pending = useShell((s) => s.pending === 'setBroker');
  const [address, setAddress] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = address.trim();
    if (trimmed) void call('setBroker', { address: trimmed });
  };

  return (
    <ScreenFrame title={t('setup.title')} subtitle={t('setup.intro')} footer={<Footer />}>
      {screen.error ? <ErrorNotice code={screen.error.code} params={screen.error.params} /> : null}
      <form onSubmit={submit} className="form">
        <Field
          label={t('setup.address')}
          hint={t('setup.addressHint')}
          value={address}
          onValue={setAddress}
          autofocus
          required
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          inputMode="url"
          maxLength={2048}
        />
        <button type="submit" className="button button--primary" disabled={pending || !address.trim()}>
          {t('setup.use')}
        </button>
      </form>
      <h2 className="section-title">{t('setup.candidates')}</h2>
      {screen.candidates.length === 0 ? (
        <p className="muted">{t('setup.noCandidates')}</p>
      ) : (
        <ul className="choices">
          {screen.candidates.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="button button--choice"
                disabled={pending}
                onClick={() => void call('setBroker', { candidateId: c.id })}
              >
                {candidateText(t, c)}
              </button>
              {c.sourceDetail ? <p className="muted candidate-detail">{t('setup.candidateFrom', { detail: c.sourceDetail })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </ScreenFrame>
  );
}
