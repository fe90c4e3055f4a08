import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ScreenOf } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { useT } from '../i18n/t.ts';
import { useShell } from '../store/index.ts';
import { DesktopList, optionId, ROW_HEIGHT } from './DesktopList.tsx';
import { filterDesktops, isTypeAhead, navigate, searchIndex } from './picker-nav.ts';

/**
 * The desktop picker: a search box over a virtualised listbox. Arrow keys work from both, so a
 * user can type a few letters and press Enter; typing on the list goes to the search box.
 */
export function Picker({ screen }: { screen: ScreenOf<'pick'> }) {
  const t = useT();
  const call = useShell((s) => s.call);
  const [query, setQuery] = useState('');
  const [activeId, setActiveId] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const searchId = `${idPrefix}-search`;

  const index = useMemo(() => searchIndex(screen.desktops), [screen.desktops]);
  const shown = useMemo(() => filterDesktops(screen.desktops, index, query), [screen.desktops, index, query]);
  // Tracked by id, so a refreshed list keeps the user's place; a vanished row falls back to the top.
  const found = activeId === null ? -1 : shown.findIndex((d) => d.id === activeId);
  const active = Math.max(0, found);

  const setActive = (i: number) => setActiveId(shown[i]?.id ?? null);
  const connect = (i: number) => {
    const desktop = shown[i];
    if (desktop) void call('connect', { desktopId: desktop.id });
  };
  const search = (next: string) => {
    setQuery(next);
    setActiveId(null);
  };
  const pageSize = () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1) || 8;

  /** Shared by the search box and the list; returns true when it handled the key. */
  const navKey = (e: KeyboardEvent<HTMLElement>): boolean => {
    if (e.key === 'Enter') {
      connect(active);
      return true;
    }
    const next = navigate(e.key, active, shown.length, pageSize());
    if (next === null) return false;
    setActive(next);
    return true;
  };

  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (navKey(e)) {
      e.preventDefault();
    } else if (isTypeAhead(e) || e.key === 'Backspace') {
      e.preventDefault();
      search(e.key === 'Backspace' ? query.slice(0, -1) : query + e.key);
      searchRef.current?.focus();
    }
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // Home and End stay with the text being edited; the other list keys drive the list.
    if (e.key === 'Home' || e.key === 'End') return;
    if (e.key === 'Escape' && query) {
      e.preventDefault();
      search('');
      scrollRef.current?.focus();
      return;
    }
    if (navKey(e)) e.preventDefault();
  };

  const hasRows = shown.length > 0;
  return (
    <ScreenFrame
      layout="wide"
      title={t('picker.title')}
      subtitle={t('picker.signedInAs', { user: screen.user, broker: screen.broker.name })}
      busy={screen.busy}
    >
      {screen.error ? <ErrorNotice code={screen.error.code} params={screen.error.params} /> : null}
      {screen.unanswered?.length ? (
        <p className="notice notice--warn" role="status">
          {t('picker.unanswered', { brokers: screen.unanswered.join(', ') })}
        </p>
      ) : null}
      <div className="picker__toolbar">
        <label htmlFor={searchId} className="sr-only">
          {t('picker.search')}
        </label>
        <input
          id={searchId}
          ref={searchRef}
          type="search"
          className="picker__search"
          placeholder={t('picker.search')}
          value={query}
          onChange={(e) => search(e.target.value)}
          onKeyDown={onSearchKey}
          role="searchbox"
          aria-controls={`${idPrefix}-list`}
          aria-activedescendant={hasRows ? optionId(idPrefix, active) : undefined}
          aria-describedby={`${idPrefix}-hint`}
          autoComplete="off"
          spellCheck={false}
        />
        <button
          type="button"
          className="button"
          disabled={screen.busy}
          data-autofocus={screen.desktops.length === 0 || undefined}
          onClick={() => void call('refreshDesktops', {})}
        >
          {screen.busy ? t('picker.refreshing') : t('picker.refresh')}
        </button>
        <button type="button" className="button button--quiet" onClick={() => void call('signOut', {})}>
          {t('picker.signOut')}
        </button>
      </div>
      <p className="picker__meta" id={`${idPrefix}-hint`}>
        <span aria-live="polite">{t('picker.count', { shown: shown.length, total: screen.desktops.length })}</span>{' '}
        <span className="muted">{t('picker.hint')}</span>
      </p>
      {hasRows ? (
        <DesktopList
            id={`${idPrefix}-list`}
            desktops={shown}
            active={active}
            idPrefix={idPrefix}
            label={t('picker.list')}
            scrollRef={scrollRef}
            onKeyDown={onListKey}
            onPick={(i) => {
              setActive(i);
              connect(i);
            }}
          />
      ) : (
        <p className="picker__empty">{query ? t('picker.noMatch', { query }) : t('picker.empty')}</p>
      )}
    </ScreenFrame>
  );
}
