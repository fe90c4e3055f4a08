import type { UsbView } from '../api.ts';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';
import { Dialog } from './Dialog.tsx';
import { UsbAdmin } from './UsbAdmin.tsx';
import { UsbDevice } from './UsbDevice.tsx';

/**
 * The devices panel: every USB device, what happened to it and why, and the choices policy
 * leaves the user. Honest about what a running session can do: neither engine takes or gives
 * back one device mid-session on request, so such a change waits for a reconnect (offered here).
 */
export function UsbPanel({ onClose }: { onClose(): void }) {
  const t = useT();
  const usb = useShell((s) => s.view?.usb);
  const admin = useShell((s) => s.view?.admin.unlocked === true);
  const call = useShell((s) => s.call);
  const inSession = usb?.session !== undefined;
  // A device that was just plugged in and waits for an answer comes first.
  const devices = [...(usb?.devices ?? [])].sort((a, b) => Number(b.id === usb?.offer) - Number(a.id === usb?.offer));
  const pending = devices.some((d) => d.pending);
  const offered = usb?.offer ? devices.find((d) => d.id === usb.offer) : undefined;

  return (
    <Dialog title={t('usb.title')} onClose={onClose} wide>
      {offered ? (
        <p className="notice notice--info" role="status">
          {t('usb.offer', { device: offered.name })}
        </p>
      ) : null}
      <p className="lead">{intro(usb, t)}</p>
      {usb && !usb.available ? (
        <p role="status">{t(usb.reason === 'libusb-failed' ? 'usb.unavailable.libusb-failed' : 'usb.unavailable.no-subsystem')}</p>
      ) : devices.length === 0 ? (
        <p role="status">{t('usb.none')}</p>
      ) : (
        <ul className="usb-devices" aria-label={t('usb.list')}>
          {devices.map((d) => (
            <UsbDevice key={d.id} device={d} inSession={inSession} offered={d.id === usb?.offer} />
          ))}
        </ul>
      )}
      {usb?.available && !usb.hotplug ? <p className="muted">{t('usb.noHotplug')}</p> : null}
      {admin ? <UsbAdmin /> : null}
      <div className="actions">
        {inSession && pending ? (
          <button type="button" className="button button--primary" onClick={() => void call('sessionMenu', { action: 'reconnect' })}>
            {t('usb.reconnect')}
          </button>
        ) : null}
        <button type="button" className="button" {...(offered ? {} : { 'data-autofocus': true })} onClick={onClose}>
          {t('usb.close')}
        </button>
      </div>
    </Dialog>
  );
}

function intro(usb: UsbView | undefined, t: ReturnType<typeof useT>): string {
  const session = usb?.session;
  if (!session) return t('usb.intro.idle');
  const plug = session.engineTakesPlugIns ? (session.protocol === 'rdp' ? t('usb.plug.rdpEngine') : t('usb.plug.engine')) : t('usb.plug.reconnect');
  return `${t('usb.intro.session')} ${plug}`;
}
