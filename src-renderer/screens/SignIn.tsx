import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ScreenOf } from '../api.ts';
import { BrokerLabel, InsecureHint } from '../components/BrokerLabel.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Field } from '../components/Field.tsx';
import { Footer } from '../components/Footer.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { keys, useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';
import { BrokerSwitch } from './BrokerSwitch.tsx';
import { UsbOpenButton } from '../components/UsbOpenButton.tsx';

/**
 * Username, password and (per broker) domain. The password lives only in this component's
 * state, is cleared the moment it is sent, and goes with the component when the screen changes.
 */
export function SignIn({ screen }: { screen: ScreenOf<'signIn'> }) {
  const t = useT();
  const call = useShell((s) => s.call);
  const { broker, busy, error, notice } = screen;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [domain, setDomain] = useState(broker.defaultDomain ?? '');
  const passwordRef = useRef<HTMLInputElement>(null);
  const wasBusy = useRef(busy);

  // Back from a failed attempt: the password is empty again, so that is where to type next.
  useEffect(() => {
    if (wasBusy.current && !busy && error) passwordRef.current?.focus();
    wasBusy.current = busy;
  }, [busy, error]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !username.trim()) return;
    const withDomain = broker.domain !== 'hidden' && domain.trim() !== '';
    void call('signIn', { username: username.trim(), password, ...(withDomain ? { domain: domain.trim() } : {}) });
    setPassword('');
  };

  return (
    <ScreenFrame
      title={t('signIn.title')}
      subtitle={<BrokerLabel broker={broker} />}
      footer={<Footer />}
      busy={busy}
    >
      <InsecureHint broker={broker} />
      {notice && !error ? (
        <p className="notice notice--info">{`${t('signIn.notice')} ${t(keys.endReason(notice))}`}</p>
      ) : null}
      {error ? <ErrorNotice code={error.code} params={error.params} /> : null}
      <form onSubmit={submit} className="form" aria-busy={busy || undefined}>
        <Field
          label={t('signIn.username')}
          value={username}
          onValue={setUsername}
          autofocus
          required
          readOnly={busy}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={256}
        />
        <Field
          ref={passwordRef}
          type="password"
          label={t('signIn.password')}
          value={password}
          onValue={setPassword}
          readOnly={busy}
          autoComplete="off"
          maxLength={1024}
        />
        {broker.domain !== 'hidden' ? (
          <Field
            label={broker.domain === 'required' ? t('signIn.domain') : t('signIn.domainOptional')}
            value={domain}
            onValue={setDomain}
            required={broker.domain === 'required'}
            readOnly={busy}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={256}
          />
        ) : null}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
          {busy ? (
            <button type="button" className="button" onClick={() => void call('cancel', {})}>
              {t('signIn.cancel')}
            </button>
          ) : null}
        </div>
      </form>
      {screen.brokers.length > 0 ? <BrokerSwitch brokers={screen.brokers} disabled={busy} /> : null}
      <UsbOpenButton className="button button--quiet usb-open" disabled={busy} />
    </ScreenFrame>
  );
}
