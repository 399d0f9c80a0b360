import type { FieldCount } from '../../../shared/types.ts';
import type { ResolvedQuery } from './input.ts';
import { newestRows } from './newest.ts';
import type { SearchStore } from './parts.ts';

/** How many of the newest matching events field discovery reads. */
export const FIELDS_SAMPLE_SIZE = 5_000;
/** At most this many paths are returned (most common first). */
export const MAX_FIELDS = 1_000;

/** Leaf paths with a non-null value; array elements share their array's path. */
function collectPaths(value: unknown, path: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectPaths(v, path, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectPaths(v, `${path}.${k}`, out);
  } else if (value !== null && value !== undefined) {
    out.add(path);
  }
}

/**
 * Raw field paths (`raw.request.path`) with how many events contain each, for the Log Viewer's
 * custom columns. Counts come from a sample: the newest FIELDS_SAMPLE_SIZE matching events, so
 * on a busy store they describe recent traffic, not the whole range. Sorted by count, then path.
 */
export function fieldCounts(store: SearchStore, query: ResolvedQuery): { fields: FieldCount[] } {
  const rows = newestRows(store, query, { kind: 'raw', limit: FIELDS_SAMPLE_SIZE, cursor: null }) as unknown as { raw: string }[];
  const counts = new Map<string, number>();
  for (const row of rows) {
    let raw: unknown;
    try {
      raw = JSON.parse(row.raw);
    } catch {
      continue;
    }
    const paths = new Set<string>();
    collectPaths(raw, 'raw', paths);
    for (const p of paths) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const fields = [...counts].map(([path, count]) => ({ path, count }));
  fields.sort((a, b) => b.count - a.count || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { fields: fields.slice(0, MAX_FIELDS) };
}
