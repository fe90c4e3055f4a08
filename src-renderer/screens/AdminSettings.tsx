import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import type { AdminView } from '../api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';
import { AdminField } from './AdminField.tsx';
import { localChanges, SETTING_KEYS, type Draft } from './admin-draft.ts';
import { UsbOpenButton } from '../components/UsbOpenButton.tsx';

/** The local admin's settings, shown while main says the admin is unlocked. Lock ends it. */
export function AdminSettings() {
  const t = useT();
  const admin = useShell((s) => s.admin);
  const loadAdmin = useShell((s) => s.loadAdmin);
  const call = useShell((s) => s.call);
  const loadFailed = useShell((s) => (s.callError?.call === 'adminGetSettings' ? s.callError.error.code : null));
  useEffect(() => void loadAdmin(), [loadAdmin]);
  const lock = () => void call('adminLock', {});

  return (
    <Dialog title={t('admin.settings.title')} onClose={lock} wide>
      {admin ? (
        <SettingsForm admin={admin} onLock={lock} />
      ) : loadFailed ? (
        <>
          <ErrorNotice code={loadFailed} />
          <button type="button" className="button" data-autofocus onClick={lock}>
            {t('admin.settings.lock')}
          </button>
        </>
      ) : (
        <p role="status">{t('admin.settings.loading')}</p>
      )}
    </Dialog>
  );
}

function SettingsForm({ admin, onLock }: { admin: AdminView; onLock(): void }) {
  const t = useT();
  const saveAdmin = useShell((s) => s.saveAdmin);
  const pending = useShell((s) => s.pending === 'adminSaveSettings');
  const failure = useShell((s) => (s.callError?.call === 'adminSaveSettings' ? s.callError.error.code : null));
  const [draft, setDraft] = useState<Draft>(admin.effective);
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // The settings arrive after the dialog opened: start the admin on the first setting they may change.
  useLayoutEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled])')?.focus();
  }, []);
  // A saved (or reloaded) view is the new truth for the form.
  useEffect(() => setDraft(admin.effective), [admin]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(await saveAdmin(localChanges(draft, admin)));
  };

  return (
    <form ref={formRef} className="form" onSubmit={(e) => void submit(e)}>
      {failure ? <ErrorNotice code={failure} /> : null}
      <div className="settings">
        {SETTING_KEYS.map((key) => (
          <AdminField
            key={key}
            name={key}
            value={draft[key]}
            locked={admin.locked.includes(key)}
            onChange={(value) => {
              setSaved(false);
              setDraft((d) => ({ ...d, [key]: value }));
            }}
          />
        ))}
      </div>
      <h3 className="section-title">{t('admin.settings.layers')}</h3>
      <ul className="layers">
        {admin.layers.map((layer) => (
          <li key={layer.layer} className={`layer layer--${layer.status}`}>
            <span className="layer__name">{t(`admin.layer.${layer.layer}`)}</span>
            <span className="layer__status">{t(`admin.layerStatus.${layer.status}`)}</span>
            <span className="layer__source muted">{layer.source}</span>
            {layer.error ? <span className="layer__error">{layer.error}</span> : null}
          </li>
        ))}
      </ul>
      <p role="status" className="saved">{saved ? t('admin.settings.saved') : ''}</p>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {t('admin.settings.save')}
        </button>
        <UsbOpenButton />
        <button type="button" className="button" onClick={onLock}>
          {t('admin.settings.lock')}
        </button>
      </div>
    </form>
  );
}
