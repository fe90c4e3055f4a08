import { useId } from 'react';
import type { BrokerInfo } from '../api.ts';
import { useT } from '../i18n/t.ts';

/** The broker's name, with a plain "Not secure" mark when policy turned TLS checks off. */
export function BrokerLabel({ broker }: { broker: BrokerInfo }) {
  const t = useT();
  const hintId = useId();
  return (
    <span className="broker">
      <span className="broker__name">{broker.name}</span>
      {broker.insecure ? (
        <span className="badge badge--warn" aria-describedby={hintId}>
          {t('broker.insecure')}
          <span id={hintId} className="sr-only">
            {t('broker.insecureHint')}
          </span>
        </span>
      ) : null}
    </span>
  );
}

export function InsecureHint({ broker }: { broker: BrokerInfo }) {
  const t = useT();
  return broker.insecure ? <p className="notice notice--warn">{t('broker.insecureHint')}</p> : null;
}
