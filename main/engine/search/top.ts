import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import { validationError } from '../../../shared/errors.ts';
import { ENVELOPE_FIELDS, isRawPathKey } from '../../../shared/query/index.ts';
import type { EnvelopeField, FieldRef } from '../../../shared/query/index.ts';
import type { DecodedBlock, PathColumn } from '../store/event-store/index.ts';
import { COL, countCodes, rowList, smallCodes } from './block-match.ts';
import type { BlockRows } from './block-match.ts';
import type { SearchStore } from './parts.ts';
import type { TopValues } from '../../../shared/types.ts';
import { SqlBuilder } from './sql-builder.ts';
import { rawValuesFrom } from './raw-path.ts';

/** `limit` of events.top: default and most values returned. */
export const TOP_LIMITS = { defaultLimit: 10, maxLimit: 1000 } as const;

/** The field of a top-values request: an envelope field name or `raw.<path>` (same rules as the query grammar). */
export function parseTopField(field: unknown): FieldRef {
  if (typeof field !== 'string' || field === '') throw validationError('field is required (an envelope field or raw.<path>)', { field: 'field' });
  const lower = field.toLowerCase();
  if (lower.startsWith('raw.')) {
    const path = field.slice(4).split('.');
    if (!path.every(isRawPathKey)) throw validationError(`field '${field}' is not a valid raw path`, { field: 'field', value: field });
    return { kind: 'raw', path };
  }
  const name = ENVELOPE_FIELDS.find((f) => f === lower);
  if (!name) throw validationError(`unknown field '${field}'; use one of ${ENVELOPE_FIELDS.join(', ')} or raw.<path>`, { field: 'field', value: field });
  return { kind: 'envelope', name };
}

/** One value of a field in one event: the rows a top-values scan groups (an event counts once per value). */
export interface ValueSql {
  /** `SELECT DISTINCT e.id AS id, <value> AS v FROM <src> <joins> WHERE <cond>` with `{src}` for the table and `{where}` for the caller's filter. */
  sql: string;
  params: Record<string, unknown>;
  /** How a stored value (enum index, source seq) reads in the answer. */
  label: (v: unknown) => string;
}

const ENUMS = { severity: SEVERITIES, category: CATEGORIES, outcome: OUTCOMES } as const;

/**
 * SQL yielding (event id, value) once per distinct value an event has for `field`, over the
 * events matching `{where}`. "Has the field" is what `field:*` means in a query: not null and not
 * empty for text, at least one tag, a non-null JSON value on a raw path (objects and arrays as
 * their JSON text).
 */
export function valueSql(field: FieldRef): ValueSql {
  const b = new SqlBuilder('tv');
  const pick = (value: string, from = '', cond = '1') => `SELECT DISTINCT e.id AS id, ${value} AS v FROM {src}${from} WHERE {where} AND ${cond}`;
  const text = (v: unknown) => String(v);
  if (field.kind === 'raw') {
    const { from, leaf } = rawValuesFrom(field.path, b);
    const value = `CASE ${leaf}.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(${leaf}.value AS TEXT) END`;
    return { sql: pick(value, `, ${from}`, `${leaf}.type <> 'null'`), params: b.params, label: text };
  }
  switch (field.name) {
    case 'severity':
    case 'category':
    case 'outcome': {
      const list: readonly string[] = ENUMS[field.name];
      return { sql: pick(`e.${field.name}`), params: {}, label: (v) => list[Number(v)] ?? String(v) };
    }
    case 'tag':
      return { sql: pick('tg.value', ', json_each(e.tags) tg', "e.tags IS NOT NULL AND tg.type = 'text'"), params: {}, label: text };
    case 'source':
      return { sql: pick("COALESCE(s.name, '(deleted source)')", ' LEFT JOIN sources s ON s.seq = e.source_seq'), params: {}, label: text };
    case 'platform':
      return { sql: pick('p.name', ' JOIN sources s ON s.seq = e.source_seq JOIN platforms p ON p.id = s.platform_id'), params: {}, label: text };
    default:
      return { sql: pick(`e."${field.name}"`, '', `e."${field.name}" IS NOT NULL AND e."${field.name}" <> ''`), params: {}, label: text };
  }
}

/** Exact per-value event counts plus the number of events having the field; merged across parts of the store. */
export class TopCounter {
  readonly counts = new Map<string, number>();
  total = 0;

  /** Add one part's `(v, c)` groups and its count of events having the field. */
  add(groups: { v: unknown; c: number }[], total: number, label: (v: unknown) => string): void {
    for (const g of groups) {
      const key = label(g.v);
      this.counts.set(key, (this.counts.get(key) ?? 0) + g.c);
    }
    this.total += total;
  }

  /** Add `c` events holding `value` (already as it reads). */
  addOne(value: string, c: number): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + c);
    this.total += c;
  }

  /** The `limit` most common values, ties by value (code-unit order). */
  result(field: string, limit: number): TopValues {
    const values = [...this.counts].map(([value, count]) => ({ value, count }));
    values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return { field, total: this.total, values: values.slice(0, limit) };
  }
}

/** How a block's matching rows are counted for an envelope field without SQL (block-match.ts). */
export interface EnvelopeCounter {
  /** The column counted. */
  col: number;
  /** One block's `(value, count)` groups, its number of events having the field, and how values read. */
  count(block: DecodedBlock, rows: BlockRows): [{ v: unknown; c: number }[], number, (v: unknown) => string];
}

/**
 * A counter for `field` over decoded block rows, giving what valueSql's SQL gives over the same
 * rows: text fields skip null and empty values, enums read as names, `source` as its name (or
 * '(deleted source)'), `platform` only for sources that have one. Null for `tag` (a JSON array
 * per event: SQL counts it). Rows are counted per code (dictionary codes, small integers), and
 * each distinct stored value is named once.
 */
export function envelopeCounter(store: SearchStore, field: EnvelopeField): EnvelopeCounter | null {
  const text = (v: unknown) => String(v);
  const group = (col: number, key: (v: number | string | null) => unknown, label: (v: unknown) => string): EnvelopeCounter => ({
    col,
    count(block, rows) {
      const groups: { v: unknown; c: number }[] = [];
      let total = 0;
      const add = (value: number | string | null, c: number) => {
        const k = c > 0 ? key(value) : null;
        if (k === null) return;
        groups.push({ v: k, c });
        total += c;
      };
      const codes = smallCodes(block, col, block.cols[col]!.length);
      if (codes) countCodes(codes, rows).forEach((c, code) => add(codes.value(code), c));
      else {
        const values = block.cols[col]!;
        const m = new Map<number | string | null, number>();
        for (const i of rowList(rows)) m.set(values[i]!, (m.get(values[i]!) ?? 0) + 1);
        m.forEach((c, value) => add(value, c));
      }
      return [groups, total, label];
    },
  });
  switch (field) {
    case 'severity':
    case 'category':
    case 'outcome': {
      const list: readonly string[] = ENUMS[field];
      return group(
        COL[field],
        (v) => v,
        (v) => list[Number(v)] ?? String(v),
      );
    }
    case 'source': {
      const names = new Map((store.statements.get('SELECT seq, name FROM sources').all() as { seq: number; name: string }[]).map((r) => [r.seq, r.name]));
      return group(COL.source, (v) => names.get(v as number) ?? '(deleted source)', text);
    }
    case 'platform': {
      const rows = store.statements.get('SELECT s.seq AS seq, p.name AS name FROM sources s JOIN platforms p ON p.id = s.platform_id').all() as {
        seq: number;
        name: string;
      }[];
      const names = new Map(rows.map((r) => [r.seq, r.name]));
      return group(COL.source, (v) => names.get(v as number) ?? null, text);
    }
    case 'tag':
      return null;
    default:
      return group(COL[field], (v) => (v === null || v === '' ? null : v), text);
  }
}

let scratch = new Int32Array(0);

/**
 * Count one block's `rows` into `counter` from the block's path column for a raw path: what
 * valueSql's SQL gives over the same rows (the column holds a value only where that SQL reads the
 * same text). Values are counted per code, each distinct value named once per block.
 */
export function countPath(column: PathColumn, rows: BlockRows, counter: TopCounter): void {
  if (column.size <= 1 << 12) {
    const per = countCodes(column, rows);
    for (let code = 1; code < per.length; code++) if (per[code]! > 0) counter.addOne(column.label(code), per[code]!);
    return;
  }
  // Many codes (near-unique integers): count into a shared table, clearing only the codes seen.
  if (scratch.length < column.size) scratch = new Int32Array(column.size);
  const seen: number[] = [];
  for (const i of rowList(rows)) if (scratch[column.codes[i]!]!++ === 0) seen.push(column.codes[i]!);
  for (const code of seen) {
    if (code !== 0) counter.addOne(column.label(code), scratch[code]!);
    scratch[code] = 0;
  }
}
