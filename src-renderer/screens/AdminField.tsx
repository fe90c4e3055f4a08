import { useId } from 'react';
import type { AdminSettingKey } from '../api.ts';
import { useT, type MessageKey } from '../i18n/t.ts';
import type { Draft } from './admin-draft.ts';

/** The choices of each enumerated setting, and the catalogue key that words each choice. */
const CHOICES: Partial<Record<AdminSettingKey, readonly [string, MessageKey][]>> = {
  locale: [
    ['en', 'locale.en'],
    ['de', 'locale.de'],
  ],
  onSessionEnd: [
    ['signIn', 'admin.onSessionEnd.signIn'],
    ['reconnect', 'admin.onSessionEnd.reconnect'],
    ['powerOff', 'admin.onSessionEnd.powerOff'],
  ],
  rdpEngine: [
    ['native', 'admin.rdpEngine.native'],
    ['xfreerdp', 'admin.rdpEngine.xfreerdp'],
  ],
};

interface Props<K extends AdminSettingKey> {
  name: K;
  value: Draft[K];
  locked: boolean;
  onChange(value: Draft[K]): void;
}

/** One admin setting: a select, a text box or a checkbox; disabled with a note when policy fixed it. */
export function AdminField<K extends AdminSettingKey>({ name, value, locked, onChange }: Props<K>) {
  const t = useT();
  const id = useId();
  const label = t(`admin.field.${name}`);
  const note = locked ? <p className="field__hint" id={`${id}-note`}>{t('admin.settings.locked')}</p> : null;
  const described = locked ? `${id}-note` : undefined;
  const set = (v: unknown) => onChange(v as Draft[K]);

  if (typeof value === 'boolean') {
    return (
      <div className="field field--check">
        <input id={id} type="checkbox" checked={value} disabled={locked} aria-describedby={described} onChange={(e) => set(e.target.checked)} />
        <label htmlFor={id}>{label}</label>
        {note}
      </div>
    );
  }
  const choices = CHOICES[name];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {choices ? (
        <select id={id} value={value} disabled={locked} aria-describedby={described} onChange={(e) => set(e.target.value)}>
          {choices.map(([v, key]) => (
            <option key={v} value={v}>
              {t(key)}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} value={value} disabled={locked} aria-describedby={described} onChange={(e) => set(e.target.value)} spellCheck={false} autoComplete="off" maxLength={2048} />
      )}
      {note}
    </div>
  );
}
