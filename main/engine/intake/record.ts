/**
 * What every protocol mapper produces and how it becomes a stored event: the envelope the protocol's
 * fields map to, plus the whole original record as `raw` (SPEC §3a). Limits on one record (raw
 * size, nesting depth) are checked here once for every protocol.
 */
import { INGEST_LIMITS } from '../../../shared/limits.ts';
import { normalizeEvent } from '../ingest/envelope.ts';
import type { NormalizedEvent } from '../ingest/envelope.ts';
import { exceedsDepth } from '../ingest/ndjson.ts';

/** Envelope fields (SPEC §3 names) a mapper fills; the envelope's defaults apply to the rest. */
export interface Envelope {
  timestamp?: unknown;
  severity?: unknown;
  category?: string;
  host?: unknown;
  user?: unknown;
  action?: unknown;
  outcome?: unknown;
  message?: unknown;
  tags?: unknown;
}

/** One record of a protocol: its envelope and the original record, kept whole as raw. */
export interface MappedRecord {
  envelope: Envelope;
  raw: Record<string, unknown>;
  /** The JSON text of `raw` when the wire already carried it verbatim (saves a stringify). */
  rawText?: string;
}

/** The body as a whole is not valid for the protocol: nothing of it is stored. */
export class MalformedBody extends Error {
  /** The protocol's own error code or type, when it has one for this case (HEC code 12, …). */
  readonly detail: string | undefined;
  constructor(message: string, detail?: string) {
    super(message);
    this.detail = detail;
  }
}

/** A record refused on its own (too large, too deep, not valid): the rest of the request may go on. */
export interface RecordError {
  /** 0-based position of the record in the request. */
  index: number;
  message: string;
}

/**
 * The stored form of one mapped record, or the reason it cannot be stored. The envelope goes
 * through the same normalization as native NDJSON (defaults, truncation); raw is the original.
 */
export function toStoredEvent(rec: MappedRecord, receivedAt: number): NormalizedEvent | string {
  const rawText = rec.rawText ?? JSON.stringify(rec.raw);
  const bytes = rawText.length * 3 > INGEST_LIMITS.maxRawBytes ? Buffer.byteLength(rawText, 'utf8') : rawText.length;
  if (bytes > INGEST_LIMITS.maxRawBytes) return `record is ${bytes} bytes; the limit is ${INGEST_LIMITS.maxRawBytes} bytes (100 KB)`;
  if (exceedsDepth(rec.raw, INGEST_LIMITS.maxDepth)) return `record nesting is deeper than ${INGEST_LIMITS.maxDepth} levels`;
  const ev = normalizeEvent(rec.envelope as Record<string, unknown>, rawText, receivedAt);
  ev.raw = rec.raw;
  return ev;
}

/** Read `a.b.c` from an object whose keys may be nested (`{a:{b:{c}}}`) or dotted (`{"a.b": {c}}`, `{"a.b.c"}`). */
export function pathValue(obj: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(obj, path)) return obj[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  for (let i = dot; i >= 0; i = path.indexOf('.', i + 1)) {
    const head = path.slice(0, i);
    if (!Object.hasOwn(obj, head)) continue;
    const inner = obj[head];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      const v = pathValue(inner as Record<string, unknown>, path.slice(i + 1));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Epoch time in (fractional) seconds, as a number or numeric string, → epoch ms; otherwise undefined. */
export function secondsToMs(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : undefined;
}

/** Epoch nanoseconds as a decimal string or number → epoch ms (exact for strings); undefined when absent or 0. */
export function nanosToMs(v: unknown): number | undefined {
  if (typeof v === 'string') {
    if (!/^\d{1,20}$/.test(v)) return undefined;
    const ms = v.length > 6 ? Number(v.slice(0, -6)) : 0;
    return ms > 0 ? ms : undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.floor(v / 1e6) || undefined;
  if (typeof v === 'bigint') return v > 0n ? Number(v / 1_000_000n) || undefined : undefined;
  return undefined;
}
