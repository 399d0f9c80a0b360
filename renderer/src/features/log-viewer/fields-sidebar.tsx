/**
 * Custom Fields sidebar: raw field paths seen by the current query and range, with how many events
 * carry each; ticking one adds it as a grid column (remembered in localStorage). Columns already
 * chosen stay listed even when the current range has no such field, so they can be removed; raw
 * copies of envelope fields (raw keeps the whole original object) sort after the extras.
 */
import { useMemo, useState } from 'react';
import type { JSX } from 'react';
import { useLogViewer } from './log-viewer-store.ts';
import { MAX_CUSTOM_COLUMNS } from './log-viewer-columns.ts';

/** Raw keys that the envelope already shows as columns: listed last, they are rarely what is wanted. */
const ENVELOPE_COPIES = new Set(['timestamp', 'severity', 'category', 'host', 'user', 'action', 'outcome', 'message', 'tags'].map((k) => `raw.${k}`));

export function FieldsSidebar(): JSX.Element {
  const fields = useLogViewer((s) => s.fields);
  const status = useLogViewer((s) => s.fieldsStatus);
  const columns = useLogViewer((s) => s.columns);
  const toggleColumn = useLogViewer((s) => s.toggleColumn);
  const [filter, setFilter] = useState('');

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
      <ul className="lv-fields-list">
        {list.map((f) => (
          <li key={f.path}>
            <label className="lv-field" data-testid="lv-field-item" data-path={f.path} title={f.path}>
              <input type="checkbox" data-testid="lv-field-toggle" checked={f.on} disabled={!f.on && full} onChange={() => toggleColumn(f.path)} aria-label={`Column ${f.path}`} />
              <span className="lv-field-path mono">{f.path.slice(4)}</span>
              <span className="lv-field-count faint">{f.count.toLocaleString('en-US')}</span>
            </label>
          </li>
        ))}
      </ul>
      {list.length > 0 && <p className="faint lv-fields-note">Counts come from a sample of the newest matching events.</p>}
    </aside>
  );
}
