import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, type KeyboardEvent, type RefObject } from 'react';
import type { Desktop } from '../api.ts';
import { keys, useT } from '../i18n/t.ts';

/** Fixed row height: large touch targets, and scrolling by arithmetic rather than by measuring. */
export const ROW_HEIGHT = 76;

interface Props {
  desktops: readonly Desktop[];
  active: number;
  idPrefix: string;
  /** The listbox's own id, for the search box's aria-controls. */
  id: string;
  label: string;
  scrollRef: RefObject<HTMLDivElement | null>;
  onKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  onPick(index: number): void;
}

export function optionId(prefix: string, index: number): string {
  return `${prefix}-opt-${index}`;
}

/** Keeps row `index` inside the viewport, moving as little as possible (like a native list). */
export function scrollRowIntoView(el: HTMLElement, index: number): void {
  const top = index * ROW_HEIGHT;
  const bottom = top + ROW_HEIGHT;
  if (top < el.scrollTop) el.scrollTop = top;
  else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
}

/**
 * The desktops as an ARIA listbox, virtualised: only the rows in view (plus a few) exist in the
 * DOM, so 10,000 desktops cost what 20 do. Focus stays on the listbox; the active row is named
 * by aria-activedescendant, which is why that row is always kept rendered and in view.
 */
export function DesktopList({ desktops, active, idPrefix, id, label, scrollRef, onKeyDown, onPick }: Props) {
  const t = useT();
  const virtualizer = useVirtualizer({
    count: desktops.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  useLayoutEffect(() => {
    if (scrollRef.current) scrollRowIntoView(scrollRef.current, active);
  }, [active, scrollRef]);

  return (
    <div
      ref={scrollRef}
      id={id}
      className="desktop-list"
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={desktops.length ? optionId(idPrefix, active) : undefined}
      data-autofocus={desktops.length ? true : undefined}
      onKeyDown={onKeyDown}
    >
      <div role="presentation" className="desktop-list__sizer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const desktop = desktops[row.index];
          if (!desktop) return null;
          const selected = row.index === active;
          return (
            <div
              key={desktop.id}
              id={optionId(idPrefix, row.index)}
              role="option"
              aria-selected={selected}
              aria-setsize={desktops.length}
              aria-posinset={row.index + 1}
              className={`desktop${selected ? ' desktop--active' : ''}`}
              style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              onClick={() => onPick(row.index)}
            >
              <span className="desktop__text">
                <span className="desktop__name">{desktop.name}</span>
                {desktop.description ? <span className="desktop__description">{desktop.description}</span> : null}
              </span>
              <span className="badge">{t(`protocol.${desktop.protocol}`)}</span>
              <span className={`status status--${desktop.status}`}>{t(keys.desktopStatus(desktop.status))}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
