import type { ScreenOf } from '../api.ts';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { keys, useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';

/** Why the session ended and what happens next; Continue skips the wait. */
export function Ended({ screen }: { screen: ScreenOf<'ended'> }) {
  const t = useT();
  const call = useShell((s) => s.call);
  const pending = useShell((s) => s.pending === 'acknowledgeEnd');
  return (
    <ScreenFrame title={t('ended.title')} subtitle={t('ended.desktop', { desktop: screen.desktop.name })}>
      <p className="lead">{t(keys.endReason(screen.reason))}</p>
      <p>{t(keys.endNext(screen.next))}</p>
      {screen.detail ? (
        <details className="details">
          <summary>{t('ended.details')}</summary>
          <pre>{screen.detail}</pre>
        </details>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          data-autofocus
          disabled={pending}
          onClick={() => void call('acknowledgeEnd', {})}
        >
          {t('ended.continue')}
        </button>
      </div>
    </ScreenFrame>
  );
}
