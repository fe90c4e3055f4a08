import { useLayoutEffect, useRef } from 'react';
import { useT } from '../i18n/t.ts';

/** Shown over everything when the transport to the shell closed: the host will relaunch us. */
export function LostContact() {
  const t = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => ref.current?.focus(), []);
  return (
    <div className="overlay overlay--opaque">
      <div className="card dialog" role="alertdialog" aria-labelledby="lost-title" aria-describedby="lost-body">
        <h2 id="lost-title" ref={ref} tabIndex={-1}>
          {t('contact.lost.title')}
        </h2>
        <p id="lost-body">{t('contact.lost.body')}</p>
        <p className="muted">{t('contact.lost.action')}</p>
      </div>
    </div>
  );
}
