import { useState, type FormEvent } from 'react';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Field } from '../components/Field.tsx';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';

/** PIN entry for the local admin. Main decides; on success the view says `admin.unlocked`. */
export function AdminUnlock() {
  const t = useT();
  const call = useShell((s) => s.call);
  const close = useShell((s) => s.closeAdminUnlock);
  const pending = useShell((s) => s.pending === 'adminUnlock');
  const failure = useShell((s) => (s.callError?.call === 'adminUnlock' ? s.callError.error.code : null));
  const [pin, setPin] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pin || pending) return;
    void call('adminUnlock', { pin });
    setPin('');
  };

  return (
    <Dialog title={t('admin.unlock.title')} onClose={close}>
      <p>{t('admin.unlock.intro')}</p>
      {failure ? <ErrorNotice code={failure} /> : null}
      <form className="form" onSubmit={submit}>
        <Field
          type="password"
          label={t('admin.unlock.pin')}
          value={pin}
          onValue={setPin}
          autofocus
          required
          inputMode="numeric"
          autoComplete="off"
          maxLength={64}
        />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={pending}>
            {t('admin.unlock.submit')}
          </button>
          <button type="button" className="button" onClick={close}>
            {t('admin.unlock.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
