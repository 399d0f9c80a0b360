/**
 * The query bar's recent-queries dropdown (an ARIA combobox on the query input). ↑ in the query
 * bar (or Alt+↓, or the clock button) opens it, like a shell's history; while open ↑/↓ move, Enter
 * runs the highlighted query, Esc closes. ↓ on a closed list keeps its old job (to the grid).
 */
import { useState } from 'react';
import type { JSX, KeyboardEvent, RefObject } from 'react';
import { Icon } from '../../ui/icons.tsx';
import { loadHistory, matchingHistory, rememberQuery } from './query-history.ts';
import './saved-searches.css';

const LIST_ID = 'lv-query-history';

function storage(): Storage | null {
  return typeof localStorage === 'undefined' ? null : localStorage;
}

interface QueryHistoryControl {
  /** Spread on the query input. */
  inputProps: {
    role: 'combobox';
    'aria-expanded': boolean;
    'aria-controls': string;
    'aria-autocomplete': 'list';
    'aria-activedescendant': string | undefined;
    onKeyDown(e: KeyboardEvent<HTMLInputElement>): void;
    onBlur(): void;
  };
  /** The dropdown (null when closed). */
  menu: JSX.Element | null;
  /** The clock button that opens the list. */
  toggle: JSX.Element;
  /** Call with the query that was run. */
  remember(query: string): void;
}

/** State and elements of the recent-queries dropdown for a query input showing `draft`. */
export function useQueryHistory(draft: string, run: (query: string) => void, inputRef: RefObject<HTMLInputElement | null>): QueryHistoryControl {
  const [history, setHistory] = useState<string[]>(() => loadHistory(storage()));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const items = open ? matchingHistory(history, draft) : [];
  const shown = open && items.length > 0;

  const openList = (): void => {
    setHistory(loadHistory(storage()));
    setActive(0);
    setOpen(true);
  };
  const pick = (q: string): void => {
    setOpen(false);
    run(q);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (!shown) {
      if (e.key === 'ArrowUp' || (e.key === 'ArrowDown' && e.altKey)) {
        if (matchingHistory(loadHistory(storage()), draft).length === 0) return;
        e.preventDefault();
        openList();
      }
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + items.length) % items.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(items[Math.min(active, items.length - 1)]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
    }
  };

  const menu = shown ? (
    <ul className="lv-history" id={LIST_ID} role="listbox" aria-label="Recent queries" data-testid="lv-query-history">
      {items.map((q, i) => (
        <li
          key={q}
          id={`${LIST_ID}-${i}`}
          role="option"
          aria-selected={i === active}
          className={`lv-history-item${i === active ? ' lv-history-active' : ''}`}
          data-testid="lv-query-history-item"
          onMouseDown={(e) => {
            e.preventDefault();
            pick(q);
          }}
        >
          {q}
        </li>
      ))}
    </ul>
  ) : null;

  const toggle = (
    <button
      type="button"
      className="btn lv-history-toggle"
      data-testid="lv-query-history-toggle"
      aria-label="Recent queries"
      title="Recent queries (↑ in the query bar)"
      aria-expanded={shown}
      aria-controls={LIST_ID}
      onClick={() => {
        if (shown) return setOpen(false);
        openList();
        inputRef.current?.focus();
      }}
    >
      <Icon name="clock" />
    </button>
  );

  return {
    inputProps: {
      role: 'combobox',
      'aria-expanded': shown,
      'aria-controls': LIST_ID,
      'aria-autocomplete': 'list',
      'aria-activedescendant': shown ? `${LIST_ID}-${Math.min(active, items.length - 1)}` : undefined,
      onKeyDown,
      onBlur: () => setOpen(false),
    },
    menu,
    toggle,
    remember: (q) => setHistory(rememberQuery(storage(), q)),
  };
}
