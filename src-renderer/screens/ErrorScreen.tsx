import type { ScreenOf } from '../api.ts';
import { Footer } from '../components/Footer.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { keys, useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';

/** An error in plain words, the ways forward main offers, and the technical detail folded away. */
export function ErrorScreen({ screen }: { screen: ScreenOf<'error'> }) {
  const t = useT();
  const call = useShell((s) => s.call);
  const pending = useShell((s) => s.pending === 'errorAction');
  const { error, actions } = screen;
  return (
    <ScreenFrame title={t('error.title')} footer={<Footer />}>
      <div role="alert" data-code={error.code}>
        <p className="lead">{t(keys.errorMessage(error.code), error.params)}</p>
        <p>{t('error.whatToDo', { action: t(keys.errorAction(error.code), error.params) })}</p>
      </div>
      <div className="actions">
        {actions.map((action, i) => (
          <button
            key={action}
            type="button"
            className={i === 0 ? 'button button--primary' : 'button'}
            data-autofocus={i === 0 || undefined}
            disabled={pending}
            onClick={() => void call('errorAction', { action })}
          >
            {t(keys.errorButton(action))}
          </button>
        ))}
      </div>
      <details className="details">
        <summary>{t('error.details')}</summary>
        <p>{t('error.code', { code: error.code })}</p>
        {error.detail ? <pre>{error.detail}</pre> : null}
      </details>
    </ScreenFrame>
  );
}
