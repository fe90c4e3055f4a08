import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { focusMain } from './focus.ts';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
}

/**
 * A modal overlay. The app marks everything behind it `inert`, so focus cannot leave it;
 * Escape closes it; focus returns to the screen's main control when it goes.
 */
export function Dialog({ title, onClose, children, wide }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useLayoutEffect(() => {
    focusMain(ref.current);
    // After unmount the screen underneath is no longer inert: put focus back on it.
    return () => queueMicrotask(() => focusMain(document.querySelector('main')));
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      closeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="overlay">
      <div
        ref={ref}
        className={`dialog card${wide ? ' dialog--wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
      >
        <h2 id={headingId} tabIndex={-1}>
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
