import { useId } from 'react';
import type { UsbDeviceView } from '../api.ts';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';
import { usbKeys } from './usb-keys.ts';

/**
 * One device in the panel: what it is, what happened to it and why, and the choices the
 * policy leaves the user. The buttons say which device they are for (screen readers read
 * them out of the list's context).
 */
export function UsbDevice({ device, inSession, offered }: { device: UsbDeviceView; inSession: boolean; offered: boolean }) {
  const t = useT();
  const call = useShell((s) => s.call);
  const busy = useShell((s) => s.pending === 'usbChoose');
  const nameId = useId();
  const choose = (choice: 'redirect' | 'local') => void call('usbChoose', { deviceId: device.id, choice });
  return (
    <li className={`usb-device usb-device--${device.status}${offered ? ' usb-device--new' : ''}`} aria-labelledby={nameId}>
      <div className="usb-device__head">
        <span id={nameId} className="usb-device__name">
          {device.name}
        </span>
        <span className="usb-device__kind muted">
          {t(usbKeys.kind(device.kind))} · {device.ids}
        </span>
      </div>
      <p className="usb-device__status">
        <strong>{t(usbKeys.status(device.status, inSession))}</strong>
        <span className="muted"> — {t(usbKeys.why(device.why), { rule: device.rule ?? '' })}</span>
      </p>
      {device.pending ? <p className="usb-device__pending notice notice--info">{t('usb.pending')}</p> : null}
      {device.canRedirect || device.canKeepLocal ? (
        <div className="usb-device__actions">
          {device.canRedirect ? (
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              aria-label={t('usb.action.redirectNamed', { device: device.name })}
              {...(offered ? { 'data-autofocus': true } : {})}
              onClick={() => choose('redirect')}
            >
              {t('usb.action.redirect')}
            </button>
          ) : null}
          {device.canKeepLocal ? (
            <button type="button" className="button" disabled={busy} aria-label={t('usb.action.localNamed', { device: device.name })} onClick={() => choose('local')}>
              {t('usb.action.local')}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
