import { INGEST_LIMITS } from '../../../shared/limits.ts';

export interface LineError {
  line: number;
  code: 'invalid_json' | 'not_an_object' | 'raw_too_large' | 'too_deep';
  message: string;
}
export interface ParsedLine {
  line: number;
  /** The line's own text (JSON), without the line terminator. */
  text: string;
  value: Record<string, unknown>;
}
export interface ParsedBody {
  lines: ParsedLine[];
  errors: LineError[];
  /** Non-blank lines seen (accepted + rejected). */
  total: number;
}

/**
 * Depth of nesting, counting the top-level object as 1; stops early past `limit`. Recursive (at
 * most `limit` + 1 frames) so the per-event check allocates nothing.
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  return deeper(value, 1, limit);
}

function deeper(v: unknown, d: number, limit: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (d > limit) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (deeper(x, d + 1, limit)) return true;
    return false;
  }
  for (const k in v) if (Object.hasOwn(v, k) && deeper((v as Record<string, unknown>)[k], d + 1, limit)) return true;
  return false;
}

/**
 * Split an NDJSON body into objects. Blank lines and a final newline are ignored, `\r\n` accepted.
 * Per-line problems are reported with 1-based line numbers (physical lines, blank ones included),
 * never thrown. JSON.parse defines `__proto__` as an own data property, so no prototype is touched.
 * Each line is decoded from the bytes on its own: decoding a whole 1 MB body at once allocates one
 * large string per request (page faults, old-space GC), ~15× the cost of decoding its lines, and
 * UTF-8 never has a 0x0A byte inside a character, so the result is the same.
 */
export function parseNdjson(input: Buffer | string): ParsedBody {
  const body = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: ParsedBody = { lines: [], errors: [], total: 0 };
  const len = body.length;
  let start = 0;
  let lineNo = 0;
  while (start <= len) {
    let end = body.indexOf(10, start);
    if (end === -1) end = len;
    lineNo++;
    let stop = end;
    if (stop > start && body[stop - 1] === 13) stop--;
    const raw = body.toString('utf8', start, stop);
    if (raw.charCodeAt(0) === 123 || raw.trim() !== '') {
      out.total++;
      parseLine(raw, stop - start, lineNo, out);
    }
    if (end === len) break;
    start = end + 1;
  }
  return out;
}

/** One non-blank line (`bytes` long on the wire) → a parsed object or a line error. */
function parseLine(raw: string, bytes: number, lineNo: number, out: ParsedBody): void {
  // Invalid UTF-8 decodes to U+FFFD (3 bytes): the stored text can only be longer than the wire bytes.
  const size = bytes * 3 > INGEST_LIMITS.maxRawBytes ? Buffer.byteLength(raw, 'utf8') : bytes;
  if (size > INGEST_LIMITS.maxRawBytes) {
    out.errors.push({ line: lineNo, code: 'raw_too_large', message: `event is ${size} bytes; the limit is ${INGEST_LIMITS.maxRawBytes} bytes (100 KB)` });
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    out.errors.push({ line: lineNo, code: 'invalid_json', message: `invalid JSON: ${(err as Error).message}` });
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    out.errors.push({
      line: lineNo,
      code: 'not_an_object',
      message: `line is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}; each line must be one JSON object`,
    });
  } else if (exceedsDepth(value, INGEST_LIMITS.maxDepth)) {
    out.errors.push({ line: lineNo, code: 'too_deep', message: `nesting is deeper than ${INGEST_LIMITS.maxDepth} levels` });
  } else {
    out.lines.push({ line: lineNo, text: raw, value: value as Record<string, unknown> });
  }
}
