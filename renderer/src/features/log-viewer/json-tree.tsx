/**
 * Raw payload as a collapsible JSON tree. Every scalar has filter in / filter out / add as column
 * actions on `raw.path` (array elements use the array's path: the query language matches an array
 * when any element matches).
 */
import { useState } from 'react';
import type { JSX } from 'react';
import { ValueActions } from './value-actions.tsx';

export interface JsonTreeProps {
  value: unknown;
  /** Query path of this node, e.g. `raw.request.path`. */
  path: string;
  name: string | null;
  depth: number;
}

function scalarText(v: unknown): { text: string; kind: string } {
  if (v === null) return { text: 'null', kind: 'null' };
  if (typeof v === 'string') return { text: JSON.stringify(v), kind: 'string' };
  if (typeof v === 'number') return { text: String(v), kind: 'number' };
  if (typeof v === 'boolean') return { text: String(v), kind: 'boolean' };
  return { text: String(v), kind: 'other' };
}

export function JsonTree({ value, path, name, depth }: JsonTreeProps): JSX.Element {
  const [open, setOpen] = useState(depth < 3);
  const isArray = Array.isArray(value);
  const label = name === null ? null : <span className="lv-json-key">{name}</span>;

  if (value !== null && typeof value === 'object') {
    const entries: [string, unknown][] = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
    const summary = isArray ? `[${entries.length}]` : `{${entries.length}}`;
    return (
      <li className="lv-json-node" role="treeitem" aria-expanded={open} aria-selected={false}>
        <button type="button" className="lv-json-toggle" onClick={() => setOpen((o) => !o)} aria-label={`${open ? 'Collapse' : 'Expand'} ${path}`}>
          {open ? '▾' : '▸'}
        </button>
        {label}
        {label && ': '}
        <span className="faint">{summary}</span>
        {open && entries.length > 0 && (
          <ul role="group">
            {entries.map(([k, v]) => (
              <JsonTree key={k} value={v} path={isArray ? path : `${path}.${k}`} name={isArray ? `${k}` : k} depth={depth + 1} />
            ))}
          </ul>
        )}
      </li>
    );
  }

  const { text, kind } = scalarText(value);
  const filterValue = typeof value === 'string' ? value : text;
  return (
    <li className="lv-json-leaf" role="treeitem" aria-selected={false} data-path={path}>
      {label}
      {label && ': '}
      <span className={`lv-json-${kind}`}>{text}</span>
      {value !== null && <ValueActions field={path} value={filterValue} />}
    </li>
  );
}
