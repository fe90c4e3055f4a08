import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { useT } from '../i18n/t.ts';

export function PoweringOff() {
  const t = useT();
  return (
    <ScreenFrame title={t('poweringOff.title')} busy>
      <div className="spinner" aria-hidden="true" />
      <p className="lead">{t('poweringOff.body')}</p>
    </ScreenFrame>
  );
}
