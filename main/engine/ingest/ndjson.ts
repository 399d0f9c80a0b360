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

/** Depth of nesting, counting the top-level object as 1; stops early past `limit`. */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > limit) return true;
    if (Array.isArray(v)) for (const x of v) stack.push([x, d + 1]);
    else for (const k in v) if (Object.hasOwn(v, k)) stack.push([(v as Record<string, unknown>)[k], d + 1]);
  }
  return false;
}

/**
 * Split an NDJSON body into objects. Blank lines and a final newline are ignored, `\r\n` accepted.
 * Per-line problems are reported with 1-based line numbers (physical lines, blank ones included),
 * never thrown. JSON.parse defines `__proto__` as an own data property, so no prototype is touched.
 */
export function parseNdjson(text: string): ParsedBody {
  const lines: ParsedLine[] = [];
  const errors: LineError[] = [];
  let total = 0;
  let start = 0;
  let lineNo = 0;
  const len = text.length;
  while (start <= len) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = len;
    lineNo++;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    const raw = text.slice(start, stop);
    start = end + 1;
    if (raw.trim() === '') {
      if (end === len) break;
      continue;
    }
    total++;
    const bytes = Buffer.byteLength(raw, 'utf8');
    if (bytes > INGEST_LIMITS.maxRawBytes) {
      errors.push({ line: lineNo, code: 'raw_too_large', message: `event is ${bytes} bytes; the limit is ${INGEST_LIMITS.maxRawBytes} bytes (100 KB)` });
    } else {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        errors.push({ line: lineNo, code: 'invalid_json', message: `invalid JSON: ${(err as Error).message}` });
        if (end === len) break;
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        errors.push({
          line: lineNo,
          code: 'not_an_object',
          message: `line is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}; each line must be one JSON object`,
        });
      } else if (exceedsDepth(value, INGEST_LIMITS.maxDepth)) {
        errors.push({ line: lineNo, code: 'too_deep', message: `nesting is deeper than ${INGEST_LIMITS.maxDepth} levels` });
      } else {
        lines.push({ line: lineNo, text: raw, value: value as Record<string, unknown> });
      }
    }
    if (end === len) break;
  }
  return { lines, errors, total };
}
