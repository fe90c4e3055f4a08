import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';

/** "USB devices": opens the devices panel, where main has a USB service at all (else nothing). */
export function UsbOpenButton({ className = 'button', disabled = false }: { className?: string; disabled?: boolean }) {
  const t = useT();
  const hasUsb = useShell((s) => s.view?.usb !== undefined);
  const openUsb = useShell((s) => s.openUsbPanel);
  if (!hasUsb) return null;
  return (
    <button type="button" className={className} disabled={disabled} onClick={openUsb}>
      {t('usb.open')}
    </button>
  );
}
