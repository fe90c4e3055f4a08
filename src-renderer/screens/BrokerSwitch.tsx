import { useId, useState } from 'react';
import type { BrokerInfo } from '../api.ts';
import { BrokerLabel } from '../components/BrokerLabel.tsx';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';

/**
 * "Use another service": a disclosure with one button per broker. Buttons rather than a
 * <select>, because a select fires on every arrow key and would switch brokers by accident.
 */
export function BrokerSwitch({ brokers, disabled }: { brokers: BrokerInfo[]; disabled: boolean }) {
  const t = useT();
  const call = useShell((s) => s.call);
  const [open, setOpen] = useState(false);
  const listId = useId();
  return (
    <div
      className="broker-switch"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        className="button button--quiet"
        aria-expanded={open}
        aria-controls={listId}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        {t('signIn.otherBroker')}
      </button>
      {open ? (
        <ul id={listId} className="choices" aria-label={t('signIn.brokerList')}>
          {brokers.map((b) => (
            <li key={b.id}>
              <button
                type="button"
                className="button button--choice"
                onClick={() => void call('chooseBroker', { brokerId: b.id })}
              >
                <BrokerLabel broker={b} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
