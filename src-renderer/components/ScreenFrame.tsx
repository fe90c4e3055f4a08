import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { focusMain } from './focus.ts';

interface Props {
  title: string;
  subtitle?: ReactNode;
  /** 'card' centres a form-sized card; 'wide' is the picker's panel; 'plain' is bare. */
  layout?: 'card' | 'wide' | 'plain';
  children?: ReactNode;
  footer?: ReactNode;
  busy?: boolean;
}

/**
 * The frame of every screen: one h1, the card, and focus moved to the main control when the
 * screen appears (screens are keyed by kind, so a new screen is a new mount).
 */
export function ScreenFrame({ title, subtitle, layout = 'card', children, footer, busy }: Props) {
  const ref = useRef<HTMLElement>(null);
  const headingId = useId();
  useLayoutEffect(() => focusMain(ref.current), []);
  return (
    <section ref={ref} className={`screen screen--${layout}`} aria-labelledby={headingId} aria-busy={busy || undefined}>
      <div className="card">
        <header className="card__header">
          <h1 id={headingId} tabIndex={-1}>
            {title}
          </h1>
          {subtitle ? <div className="card__subtitle">{subtitle}</div> : null}
        </header>
        {children}
      </div>
      {footer}
    </section>
  );
}
