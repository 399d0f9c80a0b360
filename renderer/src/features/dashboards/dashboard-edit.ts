/**
 * Panel arrangement and the edits of the dashboard editor, as pure functions over the panel list.
 * Panels sit in a 12-column grid and are read in (y, x) order; every edit keeps that order and
 * flows the panels into rows again (left to right, a new row when the next one does not fit), so
 * there are never gaps or overlaps. Moving left/right swaps with the neighbour in reading order;
 * up/down moves the panel into the previous/next row at the nearest column.
 */
import { DASHBOARD_LIMITS } from '../../../../shared/dashboards.ts';
import type { PanelKind } from '../../../../shared/dashboards.ts';
import type { PanelInput, PanelLayout } from '../../../../shared/types.ts';

const COLS = DASHBOARD_LIMITS.gridColumns;

/** A panel as the editor handles it: always with a layout. */
export type EditablePanel = PanelInput & { layout: PanelLayout };

/** Default height (grid rows) per kind: charts and tables need more room than a number. */
export const KIND_HEIGHT: Record<PanelKind, number> = { timeseries: 4, top: 4, number: 2, table: 6, alerts: 4, sourceHealth: 4 };

export const PANEL_WIDTHS = [
  { w: 12, label: 'Full width' },
  { w: 8, label: 'Two thirds' },
  { w: 6, label: 'Half' },
  { w: 4, label: 'One third' },
  { w: 3, label: 'One quarter' },
] as const;

const EVENT_KINDS: readonly PanelKind[] = ['timeseries', 'top', 'number', 'table'];
/** Kinds with a size (`limit`): top N values, table rows, series drawn. */
export const SIZED_KINDS: readonly PanelKind[] = ['timeseries', 'top', 'table'];

/**
 * A panel as the API takes it back: only the fields its kind uses (the engine refuses a value a
 * kind has no use for, and a stored panel carries every field).
 */
export function panelInputOf(p: EditablePanel): PanelInput {
  const out: PanelInput = { title: p.title, kind: p.kind, layout: p.layout };
  if (p.id) out.id = p.id;
  if (EVENT_KINDS.includes(p.kind)) {
    out.query = p.query ?? '';
    out.savedSearchId = p.savedSearchId ?? null;
  }
  if ((p.kind === 'timeseries' || p.kind === 'top') && p.field) out.field = p.field;
  if (p.kind === 'table' && p.columns) out.columns = p.columns;
  if (SIZED_KINDS.includes(p.kind) && p.limit) out.limit = p.limit;
  return out;
}

/** Panels in reading order (y, then x). */
export function readingOrder<P extends { layout: PanelLayout }>(panels: readonly P[]): P[] {
  return [...panels].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
}

/** Place panels (already in reading order) left to right in rows; a row is as tall as its tallest panel. */
export function flowLayout<P extends { layout: PanelLayout }>(panels: readonly P[]): P[] {
  let x = 0;
  let y = 0;
  let rowH = 0;
  return panels.map((p) => {
    const w = Math.max(1, Math.min(COLS, p.layout.w));
    const h = Math.max(1, p.layout.h);
    if (x + w > COLS) {
      y += rowH;
      x = 0;
      rowH = 0;
    }
    const layout = { x, y, w, h };
    x += w;
    rowH = Math.max(rowH, h);
    return { ...p, layout };
  });
}

/** Rows of a flowed layout: indexes into `panels` (reading order) grouped by y. */
function rows<P extends { layout: PanelLayout }>(panels: readonly P[]): number[][] {
  const out: number[][] = [];
  panels.forEach((p, i) => {
    const last = out[out.length - 1];
    if (last && panels[last[0]!]!.layout.y === p.layout.y) last.push(i);
    else out.push([i]);
  });
  return out;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/** Move one panel (by id) one step; returns a new flowed list (unchanged when it cannot move). */
export function movePanel(panels: readonly EditablePanel[], id: string, dir: Direction): EditablePanel[] {
  const list = flowLayout(readingOrder(panels));
  const i = list.findIndex((p) => p.id === id);
  if (i < 0) return list;
  const next = [...list];
  if (dir === 'left' || dir === 'right') {
    const j = dir === 'left' ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return list;
    [next[i], next[j]] = [next[j]!, next[i]!];
    return flowLayout(next);
  }
  const grid = rows(list);
  const r = grid.findIndex((row) => row.includes(i));
  const target = grid[dir === 'up' ? r - 1 : r + 1];
  if (!target) return list;
  const x = list[i]!.layout.x;
  // Before the first panel of the target row that starts at or after this panel's column, else at its end.
  const at = target.find((k) => list[k]!.layout.x >= x) ?? target[target.length - 1]! + 1;
  const [moved] = next.splice(i, 1);
  // Moving down, the target row's indexes shift by one once the panel is taken out.
  next.splice(dir === 'up' ? at : at - 1, 0, moved!);
  return flowLayout(next);
}

function newId(existing: readonly EditablePanel[]): string {
  let n = existing.length + 1;
  while (existing.some((p) => p.id === `p${n}`)) n++;
  return `p${n}`;
}

/** Add a panel at the end (new row when it does not fit), with an id and default height. */
export function addPanel(panels: readonly EditablePanel[], panel: PanelInput): EditablePanel[] {
  const layout = panel.layout ?? { x: 0, y: 0, w: COLS, h: KIND_HEIGHT[panel.kind] };
  return flowLayout([...readingOrder(panels), { ...panel, id: panel.id ?? newId(panels), layout }]);
}

/** Replace a panel's settings (id and position kept). */
export function updatePanel(panels: readonly EditablePanel[], id: string, change: Partial<PanelInput>): EditablePanel[] {
  return flowLayout(readingOrder(panels).map((p) => (p.id === id ? { ...p, ...change, id, layout: { ...p.layout, ...change.layout } } : p)));
}

/** A copy of a panel right after it, titled "… (copy)". */
export function duplicatePanel(panels: readonly EditablePanel[], id: string): EditablePanel[] {
  const list = readingOrder(panels);
  const i = list.findIndex((p) => p.id === id);
  if (i < 0) return flowLayout(list);
  const copy = { ...list[i]!, id: newId(list), title: `${list[i]!.title} (copy)` };
  list.splice(i + 1, 0, copy);
  return flowLayout(list);
}

export function removePanel(panels: readonly EditablePanel[], id: string): EditablePanel[] {
  return flowLayout(readingOrder(panels).filter((p) => p.id !== id));
}

/** Undo stack: the panel lists before each change, newest last, at most `cap`. */
export function pushUndo<T>(stack: readonly T[], before: T, cap = 20): T[] {
  return [...stack, before].slice(-cap);
}
