import { useEffect, useState } from 'react';
import type { UsbAdminView } from '../api.ts';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** Everything, for the admin (unlocked): the policy in force, each device's descriptors and verdict, both plans. */
export function UsbAdmin() {
  const t = useT();
  const call = useShell((s) => s.call);
  // The USB part of the view, as a value: a new view that leaves it alone (a connect step, a
  // keystroke on another screen) must not refetch, nor clear another form's error through call().
  const usbState = useShell((s) => JSON.stringify(s.view?.usb ?? null));
  const [admin, setAdmin] = useState<UsbAdminView | null>(null);
  const failed = useShell((s) => (s.callError?.call === 'adminUsb' ? s.callError.error.code : null));
  // Fetched again when the USB state changes: devices come and go while it is open.
  useEffect(() => {
    let live = true;
    void call('adminUsb', {}).then((r) => live && r.ok && setAdmin(r.value));
    return () => {
      live = false;
    };
  }, [call, usbState]);
  if (failed) return <ErrorNotice code={failed} />;
  if (!admin) return <p role="status">{t('usb.admin.loading')}</p>;
  const s = admin.settings;
  const m = admin.monitor;
  return (
    <section className="usb-admin" aria-labelledby="usb-admin-title">
      <h3 id="usb-admin-title" className="section-title">
        {t('usb.admin.title')}
      </h3>
      <p className="muted">{t('usb.admin.monitor', { state: m.available ? `libusb${m.hotplug ? ' + hotplug' : ''}` : `${m.reason ?? 'off'}${m.detail ? ` (${m.detail})` : ''}` })}</p>
      <h4>{t('usb.admin.policy')}{admin.broker ? ` (${admin.broker})` : ''}</h4>
      <p className="mono">
        enabled={String(s.enabled)} onConnect={s.onConnect} onPlug={s.onPlug} default={s.default} remember={s.remember} keepLocal=
        {Object.entries(s.keepLocal).filter(([, on]) => on).map(([k]) => k).join(',') || '-'}
      </p>
      <h4>{t('usb.admin.rules')}</h4>
      {s.rules.length ? (
        <ol className="mono">
          {s.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('usb.admin.noRules')}</p>
      )}
      <h4 id="usb-admin-devices">{t('usb.admin.devices')}</h4>
      <ul className="usb-admin__devices mono" aria-labelledby="usb-admin-devices">
        {admin.devices.map((d) => (
          <li key={d.id}>
            <span>
              {d.port} · bus {d.bus} addr {d.address} · {d.ids} v{d.version}
              {d.serial ? ` · serial ${d.serial}` : ''}
            </span>
            <span>
              class {d.deviceClass} · interfaces {d.interfaces.join(', ') || '—'}
            </span>
            <span>
              {d.verdict} → {d.status}
              {d.pending ? ' (pending reconnect)' : ''}
            </span>
          </li>
        ))}
      </ul>
      <h4>{t('usb.admin.plans')}</h4>
      <dl className="usb-admin__plans mono">
        <dt>RDP usb</dt>
        <dd>{admin.plans.rdp.entries.join(';') || '—'}</dd>
        <dt>SPICE enable-usbredir / autoshare</dt>
        <dd>
          {admin.plans.spice.enabled ? 1 : 0} / {admin.plans.spice.autoshare ? 1 : 0}
        </dd>
        <dt>SPICE usb-filter</dt>
        <dd>{admin.plans.spice.filter}</dd>
        <dt>SPICE redirect-on-connect</dt>
        <dd>{admin.plans.spice.redirectOnConnect ?? '—'}</dd>
      </dl>
      {[...admin.plans.rdp.notes.map((n) => `RDP: ${n}`), ...admin.plans.spice.notes.map((n) => `SPICE: ${n}`)].length ? (
        <>
          <h4>{t('usb.admin.notes')}</h4>
          <ul className="usb-admin__notes">
            {[...admin.plans.rdp.notes.map((n) => `RDP: ${n}`), ...admin.plans.spice.notes.map((n) => `SPICE: ${n}`)].map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
