import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { useT } from '../i18n/t.ts';

/** Booting and discovering: nothing to do but wait, so the heading takes focus. */
export function Booting({ kind }: { kind: 'booting' | 'discovering' }) {
  const t = useT();
  return (
    <ScreenFrame title={t(`${kind}.title`)} busy>
      <div className="spinner" aria-hidden="true" />
      <p className="lead">{t(`${kind}.body`)}</p>
    </ScreenFrame>
  );
}
