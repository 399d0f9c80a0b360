import type { CommittedEvent } from '../bus.ts';

/** Envelope fields a rule may test (threshold filter, pattern). `source` matches the source id or name. */
export const RULE_ENVELOPE_FIELDS = ['host', 'user', 'action', 'message', 'severity', 'category', 'outcome', 'tags', 'source'] as const;
/** One of the envelope fields a rule may test. */
export type RuleEnvelopeField = (typeof RULE_ENVELOPE_FIELDS)[number];

/**
 * A parsed `thresholdField` / `patternField`: an envelope field, or a dotted path into `raw`. `slot`
 * numbers each distinct path process-wide, so an EventView memoizes per path in a plain array.
 */
export type FieldPath =
  | { kind: 'envelope'; name: RuleEnvelopeField; key: string; slot: number }
  | { kind: 'raw'; segments: string[]; key: string; slot: number };

const slots = new Map<string, number>();
function slotFor(key: string): number {
  let s = slots.get(key);
  if (s === undefined) slots.set(key, (s = slots.size));
  return s;
}

const RAW_SEGMENT = /^[^.\s]+$/;

/**
 * Parse a rule field path. Returns an error message (naming what is wrong) instead of throwing, so
 * the validator can attach it to the right rule field.
 */
export function parseFieldPath(text: string): FieldPath | { error: string } {
  const t = text.trim();
  if ((RULE_ENVELOPE_FIELDS as readonly string[]).includes(t)) return { kind: 'envelope', name: t as RuleEnvelopeField, key: t, slot: slotFor(t) };
  if (t === 'tag') return { kind: 'envelope', name: 'tags', key: 'tags', slot: slotFor('tags') };
  if (t.startsWith('raw.')) {
    const segments = t.slice(4).split('.');
    if (segments.length > 32) return { error: `raw path "${t}" is deeper than 32 levels` };
    for (const s of segments) if (!RAW_SEGMENT.test(s)) return { error: `raw path "${t}" has an empty or blank segment` };
    return { kind: 'raw', segments, key: t, slot: slotFor(t) };
  }
  return { error: `unknown field "${t}": use one of ${RULE_ENVELOPE_FIELDS.join(', ')} or a raw.<path>` };
}

/** A field's value(s) for matching: one string, several (arrays match if any element does), or none. */
export type FieldValue = string | string[] | null;

function leafString(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return null;
  return JSON.stringify(v);
}

/** Flatten a raw value into the strings a rule compares against (arrays: any element). */
function collectLeaves(v: unknown, out: string[], depth: number): void {
  if (Array.isArray(v)) {
    if (depth < 64) for (const item of v) collectLeaves(item, out, depth + 1);
    return;
  }
  const s = leafString(v);
  if (s !== null) out.push(s);
}

function rawValuesSlow(raw: Record<string, unknown>, segments: string[]): FieldValue {
  let current: unknown[] = [raw];
  for (const seg of segments) {
    const next: unknown[] = [];
    for (const c of current) {
      if (Array.isArray(c)) {
        for (const item of c)
          if (item && typeof item === 'object' && !Array.isArray(item) && Object.hasOwn(item, seg)) next.push((item as Record<string, unknown>)[seg]);
      } else if (c && typeof c === 'object' && Object.hasOwn(c, seg)) {
        next.push((c as Record<string, unknown>)[seg]);
      }
    }
    if (next.length === 0) return null;
    current = next;
  }
  const out: string[] = [];
  for (const c of current) collectLeaves(c, out, 0);
  return out.length === 0 ? null : out;
}

/** Walk a raw path; plain nested objects (the common case) are followed without allocating. */
function rawValue(raw: Record<string, unknown>, segments: string[]): FieldValue {
  let cur: unknown = raw;
  for (const seg of segments) {
    if (Array.isArray(cur)) return rawValuesSlow(raw, segments);
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return null;
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (Array.isArray(cur)) return rawValuesSlow(raw, segments);
  return leafString(cur);
}

function extract(ev: CommittedEvent, sourceName: string, path: FieldPath): FieldValue {
  if (path.kind === 'raw') return rawValue(ev.raw, path.segments);
  switch (path.name) {
    case 'host':
    case 'user':
    case 'action':
    case 'message':
    case 'severity':
    case 'category':
    case 'outcome':
      return ev[path.name];
    case 'tags':
      return ev.tags.length === 0 ? null : ev.tags;
    case 'source':
      return [ev.sourceId, sourceName];
  }
}

/** Every value of a FieldValue as a list (for callers that do not care about speed). */
export function valueList(v: FieldValue): string[] {
  return v === null ? [] : typeof v === 'string' ? [v] : v;
}

/**
 * One committed event as the evaluator sees it: field values are extracted and lower-cased at most
 * once per event, however many rules look at the same field (100 rules must not lower-case the same
 * 2,000-char message 100 times). Scalars stay scalars, and one view is reused for every event of a
 * batch (`reset`): memo entries are tagged with an epoch instead of being reallocated per event.
 */
export class EventView {
  ev!: CommittedEvent;
  sourceName = '';
  /** The source's platform (for `platform:` in conditions); null when it has none. */
  platform: { id: string; name: string } | null = null;
  private epoch = 0;
  private readonly groupAt: number[] = [];
  private readonly groups: string[] = [];
  private readonly plainAt: number[] = [];
  private readonly plain: FieldValue[] = [];
  private readonly lowerAt: number[] = [];
  private readonly lower: FieldValue[] = [];
  private readonly testAt: number[] = [];
  private readonly tests: boolean[] = [];

  constructor(ev?: CommittedEvent, sourceName = '') {
    if (ev) this.reset(ev, sourceName);
  }

  /** Point the view at the next event; earlier memo entries become stale. */
  reset(ev: CommittedEvent, sourceName: string, platform: { id: string; name: string } | null = null): this {
    this.ev = ev;
    this.sourceName = sourceName;
    this.platform = platform;
    this.epoch++;
    return this;
  }

  /**
   * The threshold group key for a group-by path (`host:web-01`, `raw.src_ip:10.0.0.5`), built once per
   * event whatever the rule count. `source` groups by the source id; several values (arrays, tags)
   * make one group of all of them, joined by ", ".
   */
  groupKey(path: FieldPath): string {
    const slot = path.slot;
    if (this.groupAt[slot] === this.epoch) return this.groups[slot]!;
    let value: string;
    if (path.kind === 'envelope' && path.name === 'source') value = this.ev.sourceId;
    else value = valueList(this.values(path)).join(', ');
    const g = `${path.key}:${value}`;
    this.groups[slot] = g;
    this.groupAt[slot] = this.epoch;
    return g;
  }

  /** Memoized outcome of a field test (by test id) for this event, if already computed. */
  testResult(id: number): boolean | undefined {
    return this.testAt[id] === this.epoch ? this.tests[id] : undefined;
  }
  setTestResult(id: number, result: boolean): void {
    this.tests[id] = result;
    this.testAt[id] = this.epoch;
  }

  /** The field's value(s) as stored (for regexes, which carry their own case flag). */
  values(path: FieldPath): FieldValue {
    const slot = path.slot;
    if (this.plainAt[slot] === this.epoch) return this.plain[slot] as FieldValue;
    const v = extract(this.ev, this.sourceName, path);
    this.plain[slot] = v;
    this.plainAt[slot] = this.epoch;
    return v;
  }

  /** The field's value(s) lower-cased (for case-insensitive substring matching). */
  lowered(path: FieldPath): FieldValue {
    const slot = path.slot;
    if (this.lowerAt[slot] === this.epoch) return this.lower[slot] as FieldValue;
    const plain = this.values(path);
    const v = plain === null ? null : typeof plain === 'string' ? plain.toLowerCase() : plain.map((x) => x.toLowerCase());
    this.lower[slot] = v;
    this.lowerAt[slot] = this.epoch;
    return v;
  }
}
