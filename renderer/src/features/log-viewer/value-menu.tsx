/**
 * The menu a clicked value opens (a grid cell or a detail value): filter in, filter out, add or
 * remove as a column (raw paths), and for the time cell "surrounding events". Keyboard: focus
 * starts on the first item, ↑/↓ move, Enter runs, Esc or Tab closes and returns focus.
 */
import { useEffect, useRef } from 'react';
import type { JSX } from 'react';
import type { WatchpostEvent } from '../../../../shared/types.ts';
import { Icon } from '../../ui/icons.tsx';
import type { IconName } from '../../ui/icons.tsx';
import { isRawPath } from './log-viewer-columns.ts';
import { useLogViewer } from './log-viewer-store.ts';
import { openLogViewer, surroundingEventsLink } from './log-viewer-link.ts';

export interface ValueTarget {
  /** Query field or raw path; null for the time cell. */
  field: string | null;
  value: string;
  event: WatchpostEvent;
  x: number;
  y: number;
}

/** Minutes either side for "surrounding events". */
export const SURROUNDING_MINUTES = 5;

interface Item {
  id: string;
  icon: IconName;
  label: string;
  run(): void;
}

export function ValueMenu({ target, onClose }: { target: ValueTarget; onClose(): void }): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const columns = useLogViewer((s) => s.columns);
  const filterOn = useLogViewer((s) => s.filterOn);
  const toggleColumn = useLogViewer((s) => s.toggleColumn);
  const { field, value, event } = target;

  const items: Item[] = [];
  if (field) {
    items.push({ id: 'filter-in', icon: 'filter-in', label: `Filter in ${field} = ${value}`, run: () => void filterOn(field, value, false) });
    items.push({ id: 'filter-out', icon: 'filter-out', label: `Filter out ${field} = ${value}`, run: () => void filterOn(field, value, true) });
    if (isRawPath(field)) {
      const on = columns.includes(field);
      items.push({ id: 'column', icon: 'column', label: on ? `Remove column ${field}` : `Add column ${field}`, run: () => toggleColumn(field) });
    }
  } else {
    if (event.host)
      items.push({
        id: 'around-host',
        icon: 'clock',
        label: `Surrounding events: ±${SURROUNDING_MINUTES} min on host ${event.host}`,
        run: () => openLogViewer(surroundingEventsLink(event, { minutes: SURROUNDING_MINUTES, by: 'host' })),
      });
    items.push({
      id: 'around-source',
      icon: 'clock',
      label: `Surrounding events: ±${SURROUNDING_MINUTES} min from source ${event.sourceName}`,
      run: () => openLogViewer(surroundingEventsLink(event, { minutes: SURROUNDING_MINUTES, by: 'source' })),
    });
  }

  useEffect(() => {
    const back = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (e: MouseEvent): void => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('mousedown', onDown);
      back?.focus?.();
    };
  }, [onClose]);

  const move = (delta: number): void => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = all.indexOf(document.activeElement as HTMLElement);
    all[(i + delta + all.length) % all.length]?.focus();
  };

  // Keep the menu inside the window.
  const left = Math.max(4, Math.min(target.x, window.innerWidth - 340));
  const top = Math.max(4, Math.min(target.y, window.innerHeight - 40 - items.length * 30));

  return (
    <div
      className="lv-value-menu"
      role="menu"
      aria-label={field ? `Actions for ${field}` : 'Actions for this time'}
      data-testid="lv-value-menu"
      ref={ref}
      style={{ left, top }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          move(e.key === 'ArrowDown' ? 1 : -1);
        } else if (e.key === 'Escape' || e.key === 'Tab') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      {items.map((it) => (
        <button
          key={it.id}
          type="button"
          role="menuitem"
          className="lv-value-menu-item"
          data-testid={`lv-menu-${it.id}`}
          onClick={() => {
            onClose();
            it.run();
          }}
        >
          <Icon name={it.icon} />
          <span>{it.label}</span>
        </button>
      ))}
    </div>
  );
}
