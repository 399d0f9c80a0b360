import type { CommittedEvent } from '../bus.ts';

/** Envelope fields a rule may test (threshold filter, pattern). `source` matches the source id or name. */
export const RULE_ENVELOPE_FIELDS = ['host', 'user', 'action', 'message', 'severity', 'category', 'outcome', 'tags', 'source'] as const;
export type RuleEnvelopeField = (typeof RULE_ENVELOPE_FIELDS)[number];

/** A parsed `thresholdField` / `patternField`: an envelope field, or a dotted path into `raw`. */
export type FieldPath = { kind: 'envelope'; name: RuleEnvelopeField; key: string } | { kind: 'raw'; segments: string[]; key: string };

const RAW_SEGMENT = /^[^.\s]+$/;

/**
 * Parse a rule field path. Returns an error message (naming what is wrong) instead of throwing, so
 * the validator can attach it to the right rule field.
 */
export function parseFieldPath(text: string): FieldPath | { error: string } {
  const t = text.trim();
  if ((RULE_ENVELOPE_FIELDS as readonly string[]).includes(t)) return { kind: 'envelope', name: t as RuleEnvelopeField, key: t };
  if (t === 'tag') return { kind: 'envelope', name: 'tags', key: 'tags' };
  if (t.startsWith('raw.')) {
    const segments = t.slice(4).split('.');
    if (segments.length > 32) return { error: `raw path "${t}" is deeper than 32 levels` };
    for (const s of segments) if (!RAW_SEGMENT.test(s)) return { error: `raw path "${t}" has an empty or blank segment` };
    return { kind: 'raw', segments, key: t };
  }
  return { error: `unknown field "${t}": use one of ${RULE_ENVELOPE_FIELDS.join(', ')} or a raw.<path>` };
}

/** Flatten a raw value into the strings a rule compares against (arrays: any element). */
function collectLeaves(v: unknown, out: string[], depth: number): void {
  if (v === null || v === undefined) return;
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') out.push(String(v));
  else if (Array.isArray(v)) {
    if (depth < 64) for (const item of v) collectLeaves(item, out, depth + 1);
  } else if (typeof v === 'object') out.push(JSON.stringify(v));
}

function rawValues(raw: Record<string, unknown>, segments: string[]): string[] {
  let current: unknown[] = [raw];
  for (const seg of segments) {
    const next: unknown[] = [];
    for (const c of current) {
      if (Array.isArray(c)) {
        for (const item of c) if (item && typeof item === 'object' && !Array.isArray(item) && Object.hasOwn(item, seg)) next.push((item as Record<string, unknown>)[seg]);
      } else if (c && typeof c === 'object' && Object.hasOwn(c, seg)) {
        next.push((c as Record<string, unknown>)[seg]);
      }
    }
    if (next.length === 0) return [];
    current = next;
  }
  const out: string[] = [];
  for (const c of current) collectLeaves(c, out, 0);
  return out;
}

/**
 * One committed event as the evaluator sees it: field values are extracted and lower-cased at most
 * once per event, however many rules look at the same field (100 rules must not lower-case the same
 * 2,000-char message 100 times).
 */
export class EventView {
  readonly ev: CommittedEvent;
  readonly sourceName: string;
  private plain: Map<string, string[]> | null = null;
  private lower: Map<string, string[]> | null = null;

  constructor(ev: CommittedEvent, sourceName: string) {
    this.ev = ev;
    this.sourceName = sourceName;
  }

  /** The field's values as stored (for regexes, which carry their own case flag). */
  values(path: FieldPath): string[] {
    this.plain ??= new Map();
    let v = this.plain.get(path.key);
    if (!v) {
      v = extract(this.ev, this.sourceName, path);
      this.plain.set(path.key, v);
    }
    return v;
  }

  /** The field's values lower-cased (for case-insensitive substring matching). */
  lowered(path: FieldPath): string[] {
    this.lower ??= new Map();
    let v = this.lower.get(path.key);
    if (!v) {
      v = this.values(path).map((s) => s.toLowerCase());
      this.lower.set(path.key, v);
    }
    return v;
  }
}

function extract(ev: CommittedEvent, sourceName: string, path: FieldPath): string[] {
  if (path.kind === 'raw') return rawValues(ev.raw, path.segments);
  switch (path.name) {
    case 'host':
      return ev.host === null ? [] : [ev.host];
    case 'user':
      return ev.user === null ? [] : [ev.user];
    case 'action':
      return ev.action === null ? [] : [ev.action];
    case 'message':
      return ev.message === null ? [] : [ev.message];
    case 'severity':
      return [ev.severity];
    case 'category':
      return [ev.category];
    case 'outcome':
      return [ev.outcome];
    case 'tags':
      return ev.tags;
    case 'source':
      return [ev.sourceId, sourceName];
  }
}
