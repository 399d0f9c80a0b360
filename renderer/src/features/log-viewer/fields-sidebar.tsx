/**
 * Custom Fields sidebar: raw field paths seen by the current query and range, with how many events
 * carry each. The checkbox adds the field as a grid column (columns belong to the search); the name
 * shows the field's top values with exact counts (`events.top`), each with filter in / out. Columns
 * already chosen stay listed even when the range has no such field, so they can be removed; raw
 * copies of envelope fields sort after the extras.
 *
 * Keyboard: the list is one stop in the Tab order (roving focus, as in a listbox): ↑/↓/Home/End
 * move between fields, Space ticks the column, Enter shows the top values; Tab moves on to the grid.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { JSX, KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useLogViewer } from './log-viewer-store.ts';
import { MAX_CUSTOM_COLUMNS } from './log-viewer-columns.ts';
import { ValueActions } from './value-actions.tsx';

/** Raw keys that the envelope already shows as columns: listed last, they are rarely what is wanted. */
const ENVELOPE_COPIES = new Set(['timestamp', 'severity', 'category', 'host', 'user', 'action', 'outcome', 'message', 'tags'].map((k) => `raw.${k}`));

function TopValuesList({ path }: { path: string }): JSX.Element | null {
  const top = useLogViewer((s) => (s.top?.field === path ? s.top : null));
  if (!top) return null;
  return (
    <div className="lv-top-values" data-testid="lv-top-values" aria-live="polite">
      {top.status === 'loading' && <p className="faint">Counting values…</p>}
      {top.status === 'error' && <p className="lv-top-error">Could not count values: {top.error}</p>}
      {top.values && top.values.values.length === 0 && <p className="faint">No values in these results.</p>}
      {top.values && top.values.values.length > 0 && (
        <ol>
          {top.values.values.map((v) => (
            <li key={v.value} className="lv-top-value" data-testid="lv-top-value">
              <span className="lv-top-text mono" title={v.value}>
                {v.value === '' ? '(empty)' : v.value}
              </span>
              <span className="lv-top-count">{v.count.toLocaleString('en-US')}</span>
              <span className="lv-top-bar" style={{ width: `${Math.max(2, (v.count / Math.max(1, top.values!.total)) * 100)}%` }} aria-hidden="true" />
              <ValueActions field={path} value={v.value} />
            </li>
          ))}
        </ol>
      )}
      {top.values && <p className="faint">{top.values.total.toLocaleString('en-US')} events have this field.</p>}
    </div>
  );
}

export function FieldsSidebar(): JSX.Element {
  const fields = useLogViewer((s) => s.fields);
  const status = useLogViewer((s) => s.fieldsStatus);
  const columns = useLogViewer((s) => s.columns);
  const toggleColumn = useLogViewer((s) => s.toggleColumn);
  const toggleTop = useLogViewer((s) => s.toggleTop);
  const openTop = useLogViewer((s) => s.top?.field ?? null);
  const [filter, setFilter] = useState('');
  /** The list's one tab stop, by path: it stays on its field when ticking re-sorts the list. */
  const [activePath, setActivePath] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  /** A field ticked by keyboard moves (ticked fields sort first): focus follows it. */
  const [follow, setFollow] = useState<string | null>(null);

  const list = useMemo(() => {
    const counts = new Map(fields.map((f) => [f.path, f.count] as const));
    const paths = [...new Set([...columns, ...fields.map((f) => f.path)])].filter((p) => p.startsWith('raw.'));
    const needle = filter.trim().toLowerCase();
    return paths
      .filter((p) => !needle || p.toLowerCase().includes(needle))
      .map((path) => ({ path, count: counts.get(path) ?? 0, on: columns.includes(path), envelope: ENVELOPE_COPIES.has(path) }))
      .sort((a, b) => Number(b.on) - Number(a.on) || Number(a.envelope) - Number(b.envelope) || b.count - a.count || a.path.localeCompare(b.path));
  }, [fields, columns, filter]);

  const full = columns.length >= MAX_CUSTOM_COLUMNS;

  useEffect(() => {
    if (!follow) return;
    const i = list.findIndex((f) => f.path === follow);
    setFollow(null);
    if (i < 0) return;
    setActivePath(follow);
    listRef.current?.querySelectorAll<HTMLElement>('.lv-field-name')[i]?.focus();
  }, [follow, list]);
  const found = activePath === null ? -1 : list.findIndex((f) => f.path === activePath);
  const current = Math.max(0, found);

  const onKey = (e: ReactKeyboardEvent): void => {
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: list.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    e.stopPropagation();
    const next = Math.max(0, Math.min(list.length - 1, moves[e.key]!));
    setActivePath(list[next]?.path ?? null);
    listRef.current?.querySelectorAll<HTMLElement>('.lv-field-name')[next]?.focus();
  };

  return (
    <aside className="lv-fields" data-testid="lv-fields" aria-label="Custom Fields" aria-busy={status === 'loading'}>
      <h3>Custom Fields</h3>
      <input
        type="search"
        className="lv-fields-filter"
        data-testid="lv-field-filter"
        aria-label="Filter fields"
        placeholder="Filter raw fields"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {status === 'loading' && fields.length === 0 && <p className="faint lv-fields-note">Reading fields…</p>}
      {status === 'error' && <p className="faint lv-fields-note">Field list unavailable.</p>}
      {status === 'ready' && list.length === 0 && <p className="faint lv-fields-note">{filter ? 'No field matches.' : 'No raw fields in this range.'}</p>}
      {full && <p className="faint lv-fields-note">At most {MAX_CUSTOM_COLUMNS} custom columns; remove one to add another.</p>}
      <ul className="lv-fields-list" ref={listRef} onKeyDown={onKey} aria-label="Raw fields: arrow keys move, Space adds a column, Enter shows top values">
        {list.map((f, i) => {
          const tab = i === current ? 0 : -1;
          return (
            <li key={f.path} data-testid="lv-field-item" data-path={f.path}>
              <div className="lv-field" title={f.path}>
                <input
                  type="checkbox"
                  data-testid="lv-field-toggle"
                  tabIndex={tab}
                  checked={f.on}
                  disabled={!f.on && full}
                  onChange={() => toggleColumn(f.path)}
                  onFocus={() => setActivePath(f.path)}
                  aria-label={`Column ${f.path}`}
                />
                <button
                  type="button"
                  className="lv-field-name"
                  data-testid="lv-field-name"
                  tabIndex={tab}
                  aria-expanded={openTop === f.path}
                  onFocus={() => setActivePath(f.path)}
                  onClick={() => void toggleTop(f.path)}
                  onKeyDown={(e) => {
                    if (e.key === ' ') {
                      e.preventDefault();
                      if (f.on || !full) toggleColumn(f.path);
                      setFollow(f.path);
                    }
                  }}
                  title={`${f.path}: show top values`}
                >
                  <span className="lv-field-path mono">{f.path.slice(4)}</span>
                  <span className="lv-field-count faint">{f.count.toLocaleString('en-US')}</span>
                </button>
              </div>
              {openTop === f.path && <TopValuesList path={f.path} />}
            </li>
          );
        })}
      </ul>
      {list.length > 0 && <p className="faint lv-fields-note">Counts come from a sample of the newest matching events; top values are exact.</p>}
    </aside>
  );
}
