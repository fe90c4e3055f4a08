import type { ShellView } from '../api.ts';
import { keys, useT, type T } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';

/** One line of status per view, for the polite live region (errors speak through role=alert). */
export function statusText(view: ShellView | null, t: T): string {
  if (!view) return t('app.loading');
  const s = view.screen;
  switch (s.kind) {
    case 'booting':
      return t('booting.title');
    case 'discovering':
      return t('discovering.title');
    case 'setup':
      return t('setup.title');
    case 'signIn':
      return s.busy ? t('signIn.busy') : t('signIn.title');
    case 'secondFactor':
      return s.busy ? t('secondFactor.busy') : t('secondFactor.title');
    case 'pick':
      return s.busy ? t('picker.refreshing') : t('picker.title');
    case 'connecting':
      return `${t('connecting.title', { desktop: s.desktop.name })}: ${t(keys.connectStep(s.step))}`;
    case 'session':
      return s.menu ? t('session.menu.title') : t('session.title', { desktop: s.desktop.name });
    case 'ended':
      return `${t('ended.title')}. ${t(keys.endReason(s.reason))}`;
    case 'error':
      return t('error.title');
    case 'poweringOff':
      return t('poweringOff.title');
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

export function Announcer() {
  const t = useT();
  const view = useShell((s) => s.view);
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
      {statusText(view, t)}
    </div>
  );
}
