import type { ScreenOf } from '../api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';
import { UsbOpenButton } from '../components/UsbOpenButton.tsx';

/**
 * While a session runs its own window covers the screen; this page is what shows behind it.
 * The hotkey (captured by the host) brings the shell forward with the session menu open.
 */
export function Session({ screen }: { screen: ScreenOf<'session'> }) {
  const t = useT();
  const hotkey = useShell((s) => s.view?.hotkey ?? '');
  return (
    <ScreenFrame title={t('session.title', { desktop: screen.desktop.name })} layout="plain">
      <p className="lead">{t('session.body')}</p>
      {hotkey ? <p className="muted">{t('session.hotkey', { hotkey })}</p> : null}
    </ScreenFrame>
  );
}

/** The session menu, an overlay so Escape (or "Back") returns to the desktop. */
export function SessionMenu() {
  const t = useT();
  const call = useShell((s) => s.call);
  const close = () => void call('sessionMenu', { action: 'close' });
  return (
    <Dialog title={t('session.menu.title')} onClose={close}>
      <div className="menu">
        <button type="button" className="button button--primary" data-autofocus onClick={close}>
          {t('session.menu.back')}
        </button>
        <UsbOpenButton />
        <button type="button" className="button" onClick={() => void call('sessionMenu', { action: 'reconnect' })}>
          {t('session.menu.reconnect')}
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={() => void call('sessionMenu', { action: 'disconnect' })}
        >
          {t('session.menu.disconnect')}
        </button>
      </div>
    </Dialog>
  );
}
