import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import type { Category, Outcome, Severity } from '../../../shared/enums.ts';
import { INGEST_LIMITS } from '../../../shared/limits.ts';
import { severityFromName } from '../../../shared/severity-names.ts';

/** An event ready to store: envelope columns plus the raw object and its JSON text. */
export interface NormalizedEvent {
  ts: number;
  severity: Severity;
  severityIdx: number;
  categoryIdx: number;
  outcomeIdx: number;
  host: string | null;
  user: string | null;
  action: string | null;
  message: string | null;
  tags: string[];
  raw: Record<string, unknown>;
  rawText: string;
}

const SEVERITY_IDX = new Map<string, number>(SEVERITIES.map((s, i) => [s, i]));
const CATEGORY_IDX = new Map<string, number>(CATEGORIES.map((s, i) => [s, i]));
const OUTCOME_IDX = new Map<string, number>(OUTCOMES.map((s, i) => [s, i]));
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const OTHER = CATEGORY_IDX.get('other')!;
const UNKNOWN = OUTCOME_IDX.get('unknown')!;

/**
 * Event time from the envelope: ISO 8601 with a zone, or epoch milliseconds / seconds (numbers
 * below 1e11 are seconds). Anything else → the ingestion time (the original stays in raw).
 */
export function parseTimestamp(v: unknown, receivedAt: number): number {
  if (typeof v === 'string') {
    if (!ISO_WITH_ZONE.test(v)) return receivedAt;
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : receivedAt;
  }
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
    const ms = v < 1e11 ? v * 1000 : v;
    return ms <= 8.64e15 ? Math.trunc(ms) : receivedAt;
  }
  return receivedAt;
}

function enumIdx(map: Map<string, number>, v: unknown, fallback: number): number {
  return typeof v === 'string' ? (map.get(v.toLowerCase()) ?? fallback) : fallback;
}

/** Envelope string: strings and scalars become text, capped at `max` chars; objects are ignored. */
function text(v: unknown, max: number): string | null {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else return null;
  return s.length > max ? s.slice(0, max) : s;
}

function tagsOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  const out: string[] = [];
  for (const t of list) {
    const s = text(t, INGEST_LIMITS.maxShortFieldChars);
    if (s !== null) out.push(s);
    if (out.length === INGEST_LIMITS.maxTags) break;
  }
  return out;
}

/**
 * The stored raw object: the whole original, envelope fields duplicated. An object-valued `raw`
 * is flattened in (its keys win); a string `raw` becomes `rawString`. Built with
 * Object.fromEntries so a `__proto__` key stays an own property and never reaches a prototype.
 */
export function storedRaw(obj: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(obj, 'raw')) return obj;
  const inner = obj.raw;
  const outer = Object.entries(obj).filter(([k]) => k !== 'raw');
  if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
    const innerEntries = Object.entries(inner as Record<string, unknown>);
    const innerKeys = new Set(innerEntries.map(([k]) => k));
    return Object.fromEntries([...outer.filter(([k]) => !innerKeys.has(k)), ...innerEntries]);
  }
  if (typeof inner === 'string') {
    return Object.fromEntries([...outer.filter(([k]) => k !== 'rawString'), ['rawString', inner]]);
  }
  return obj;
}

/** Apply envelope defaults, fallbacks and truncation (SPEC §3). `lineText` is reused as raw when unchanged. */
export function normalizeEvent(obj: Record<string, unknown>, lineText: string | null, receivedAt: number): NormalizedEvent {
  const severityIdx = SEVERITY_IDX.get(severityFromName(obj.severity) ?? 'info')!;
  const raw = storedRaw(obj);
  return {
    ts: parseTimestamp(obj.timestamp, receivedAt),
    severity: SEVERITIES[severityIdx]!,
    severityIdx,
    categoryIdx: enumIdx(CATEGORY_IDX, obj.category, OTHER),
    outcomeIdx: enumIdx(OUTCOME_IDX, obj.outcome, UNKNOWN),
    host: text(obj.host, INGEST_LIMITS.maxShortFieldChars),
    user: text(obj.user, INGEST_LIMITS.maxShortFieldChars),
    action: text(obj.action, INGEST_LIMITS.maxShortFieldChars),
    message: text(obj.message, INGEST_LIMITS.maxMessageChars),
    tags: tagsOf(obj.tags),
    raw,
    rawText: raw === obj && lineText !== null ? lineText : JSON.stringify(raw),
  };
}

export function categoryOf(idx: number): Category {
  return CATEGORIES[idx] ?? 'other';
}
export function outcomeOf(idx: number): Outcome {
  return OUTCOMES[idx] ?? 'unknown';
}
