/**
 * RFC 5424 parser: `<PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP
 * STRUCTURED-DATA [SP MSG]`. Header fields are read as space-free tokens (lengths are not enforced,
 * so slightly non-conforming senders still parse); STRUCTURED-DATA follows the ABNF strictly,
 * because a mis-split SD would silently corrupt fields.
 */
import type { Pri } from './pri.ts';
import { setOwn } from './pri.ts';
import { parseRfc3339 } from './message.ts';
import type { StructuredData, SyslogMessage, SyslogParse } from './message.ts';

const NIL = '-';
const BOM = '\uFEFF';

/** True when the text after PRI starts like RFC 5424 (`VERSION SP`, VERSION = 1–3 digits, no leading 0). */
export function looksLike5424(afterPri: string): boolean {
  return /^[1-9]\d{0,2} /.test(afterPri);
}

/** Parse the part of a line after `<PRI>`. */
export function parse5424(afterPri: string, pri: Pri): SyslogParse {
  let pos = 0;
  const token = (): string | null => {
    if (pos > afterPri.length) return null;
    const sp = afterPri.indexOf(' ', pos);
    const end = sp === -1 ? afterPri.length : sp;
    const t = afterPri.slice(pos, end);
    pos = end + 1;
    return t;
  };
  const version = Number(token());
  const names = ['TIMESTAMP', 'HOSTNAME', 'APP-NAME', 'PROCID', 'MSGID'] as const;
  const values: (string | null)[] = [];
  for (const name of names) {
    const t = token();
    if (t === null || t === '') return { ok: false, error: `RFC 5424 header ends before ${name}` };
    values.push(t === NIL ? null : t);
  }
  const bad = controlCharIn(names, values);
  if (bad) return { ok: false, error: bad };
  const [timestampText, hostname, appName, procId, msgId] = values as [string | null, string | null, string | null, string | null, string | null];
  const timestamp = timestampText === null ? null : parseRfc3339(timestampText);
  const problem =
    timestampText !== null && timestamp === null
      ? `RFC 5424 TIMESTAMP ${JSON.stringify(timestampText.slice(0, 40))} is not an RFC 3339 date-time with a zone; the ingestion time was used`
      : undefined;
  if (pos > afterPri.length) return { ok: false, error: 'RFC 5424 header ends before STRUCTURED-DATA' };
  const sd = parseStructuredData(afterPri, pos);
  if ('error' in sd) return { ok: false, error: sd.error };
  let msg: string | null = null;
  if (sd.end < afterPri.length) {
    if (afterPri[sd.end] !== ' ') return { ok: false, error: `RFC 5424: expected a space after STRUCTURED-DATA at column ${sd.end + 1}` };
    msg = afterPri.slice(sd.end + 1);
    if (msg.startsWith(BOM)) msg = msg.slice(1);
  }
  const message: SyslogMessage = { format: 'rfc5424', pri, version, timestamp, timestampText, hostname, appName, procId, msgId, structuredData: sd.data, msg };
  if (problem) message.problem = problem;
  return { ok: true, message };
}

/**
 * Header fields are PRINTUSASCII (RFC 5424 §6): a control character inside one (`host="\nhostname"`)
 * means the sender or a relay mangled the line, so the line is stored unparsed with `raw.parseError`
 * rather than with a corrupt HOSTNAME or APP-NAME. Non-ASCII text stays accepted (lenient senders).
 */
function controlCharIn(names: readonly string[], values: (string | null)[]): string | null {
  for (let f = 0; f < values.length; f++) {
    const v = values[f];
    if (!v) continue;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x20 || c === 0x7f) {
        return `RFC 5424 ${names[f]} contains the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}; header fields must be printable US-ASCII`;
      }
    }
  }
  return null;
}

/**
 * STRUCTURED-DATA at `start`: NILVALUE or one or more `[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]`.
 * In values `\"`, `\\` and `\]` are escapes; any other backslash is kept as sent (RFC 5424 §6.3.3).
 */
export function parseStructuredData(s: string, start: number): { data: StructuredData | null; end: number } | { error: string } {
  if (s[start] === '-' && (start + 1 === s.length || s[start + 1] === ' ')) return { data: null, end: start + 1 };
  if (s[start] !== '[') return { error: `RFC 5424: STRUCTURED-DATA must be "-" or start with "[" (column ${start + 1})` };
  const data: StructuredData = {};
  let i = start;
  const fail = (what: string) => ({ error: `RFC 5424: malformed STRUCTURED-DATA at column ${i + 1}: ${what}` });
  while (s[i] === '[') {
    i++;
    const id = readName(s, i);
    if (!id) return fail('missing SD-ID');
    i += id.length;
    const element: Record<string, string | string[]> = Object.hasOwn(data, id) ? data[id]! : {};
    setOwn(data, id, element);
    while (s[i] === ' ') {
      i++;
      const name = readName(s, i);
      if (!name) return fail('missing PARAM-NAME');
      i += name.length;
      if (s[i] !== '=' || s[i + 1] !== '"') return fail(`expected ="…" after ${name}`);
      i += 2;
      let value = '';
      for (;;) {
        const c = s[i];
        if (c === undefined) return fail(`unterminated value of ${name}`);
        if (c === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\' || s[i + 1] === ']')) {
          value += s[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      const prev = Object.hasOwn(element, name) ? element[name] : undefined;
      setOwn(element, name, prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]);
    }
    if (s[i] !== ']') return fail('expected "]"');
    i++;
  }
  return { data, end: i };
}

/** SD-NAME: 1–32 printable US-ASCII except `=`, SP, `]`, `"` (we allow up to 64 for lenient senders). */
function readName(s: string, i: number): string {
  let j = i;
  while (j < s.length && j - i < 64) {
    const c = s.charCodeAt(j);
    if (c <= 32 || c >= 127 || c === 61 || c === 93 || c === 34) break;
    j++;
  }
  return s.slice(i, j);
}
