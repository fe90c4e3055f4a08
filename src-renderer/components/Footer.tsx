import { useId } from 'react';
import type { Locale } from '../api.ts';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';
import { adminEntryAllowed } from './admin-entry.ts';

const LOCALES: readonly Locale[] = ['en', 'de'];

/** Below the card: which terminal this is, the language, and the discreet admin door. */
export function Footer() {
  const t = useT();
  const view = useShell((s) => s.view);
  const call = useShell((s) => s.call);
  const openAdmin = useShell((s) => s.openAdminUnlock);
  const langId = useId();
  if (!view) return null;
  return (
    <footer className="footer">
      <span className="footer__terminal">
        {t('footer.terminal', { name: view.terminal.name, version: view.terminal.version })}
      </span>
      <span className="footer__controls">
        <label htmlFor={langId} className="sr-only">
          {t('footer.language')}
        </label>
        <select
          id={langId}
          className="footer__language"
          value={view.locale}
          onChange={(e) => void call('setLocale', { locale: e.target.value as Locale })}
        >
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {t(`locale.${locale}`)}
            </option>
          ))}
        </select>
        {adminEntryAllowed(view) ? (
          <button type="button" className="button button--quiet button--small" onClick={openAdmin}>
            {t('footer.admin')}
          </button>
        ) : null}
      </span>
    </footer>
  );
}
