import { useState, type FormEvent } from 'react';
import type { ScreenOf, SecondFactorMethod } from '../api.ts';
import { BrokerLabel } from '../components/BrokerLabel.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Field } from '../components/Field.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';

/** The second step of sign-in: pick how (authenticator code or recovery code), then the code. */
export function SecondFactor({ screen }: { screen: ScreenOf<'secondFactor'> }) {
  const t = useT();
  const call = useShell((s) => s.call);
  const { busy, error, methods } = screen;
  const [method, setMethod] = useState<SecondFactorMethod>(methods[0] ?? 'totp');
  const [code, setCode] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !code.trim()) return;
    void call('submitSecondFactor', { method, code: code.trim() });
    // A one-time code is a secret too: nothing of it stays on screen.
    setCode('');
  };

  return (
    <ScreenFrame title={t('secondFactor.title')} subtitle={<BrokerLabel broker={screen.broker} />} busy={busy}>
      <p>{t('secondFactor.intro')}</p>
      {error ? <ErrorNotice code={error.code} params={error.params} /> : null}
      <form onSubmit={submit} className="form" aria-busy={busy || undefined}>
        {methods.length > 1 ? (
          <fieldset className="radios">
            <legend>{t('secondFactor.method')}</legend>
            {methods.map((m) => (
              <label key={m} className="radio">
                <input
                  type="radio"
                  name="method"
                  value={m}
                  checked={method === m}
                  onChange={() => setMethod(m)}
                  disabled={busy}
                />
                {t(`secondFactor.method.${m}`)}
              </label>
            ))}
          </fieldset>
        ) : null}
        <Field
          label={t('secondFactor.code')}
          hint={t(`secondFactor.method.${method}`)}
          value={code}
          onValue={setCode}
          autofocus
          required
          readOnly={busy}
          autoComplete="one-time-code"
          inputMode={method === 'totp' ? 'numeric' : 'text'}
          spellCheck={false}
          maxLength={128}
        />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('secondFactor.busy') : t('secondFactor.submit')}
          </button>
          <button type="button" className="button" onClick={() => void call('cancel', {})}>
            {t('secondFactor.cancel')}
          </button>
        </div>
      </form>
    </ScreenFrame>
  );
}
