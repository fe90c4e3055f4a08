import type { ScreenOf } from '../api.ts';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { keys, useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';

type StepState = 'done' | 'current' | 'pending';

/** The connection steps as a checklist: done ones ticked, the current one marked, Cancel. */
export function Connecting({ screen }: { screen: ScreenOf<'connecting'> }) {
  const t = useT();
  const call = useShell((s) => s.call);
  const cancelling = useShell((s) => s.pending === 'cancel');
  const current = screen.steps.indexOf(screen.step);
  const stateOf = (i: number): StepState => (i < current ? 'done' : i === current ? 'current' : 'pending');

  return (
    <ScreenFrame title={t('connecting.title', { desktop: screen.desktop.name })} busy>
      <ol className="steps" aria-label={t('connecting.steps')}>
        {screen.steps.map((step, i) => {
          const state = stateOf(i);
          return (
            <li key={step} className={`step step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="step__mark" aria-hidden="true" />
              <span className="step__label">{t(keys.connectStep(step))}</span>
              <span className="sr-only">{`(${t(`connecting.step.${state}`)})`}</span>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button
          type="button"
          className="button"
          data-autofocus
          disabled={cancelling}
          onClick={() => void call('cancel', {})}
        >
          {t('connecting.cancel')}
        </button>
      </div>
    </ScreenFrame>
  );
}
