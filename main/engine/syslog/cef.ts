/**
 * ArcSight CEF: `CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension`.
 * Header fields escape `|` and `\` as `\|` and `\\`; the extension is space-separated `key=value`
 * pairs whose values may contain spaces and escape `=` and `\` as `\=` and `\\` (and carry
 * newlines as `\n` / `\r`). A key starts after a space (or at the start) and ends at an unescaped `=`.
 */
import type { Severity } from '../../../shared/enums.ts';
import { severityFromName } from '../../../shared/severity-names.ts';
import { setOwn } from './pri.ts';

export interface CefMessage {
  version: string;
  deviceVendor: string;
  deviceProduct: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  extensions: Record<string, string>;
  /** Extension text before the first `key=`, which no key owns (kept, never dropped). */
  unkeyedText?: string;
}

export type CefParse = { ok: true; cef: CefMessage } | { ok: false; error: string };

const HEADER_FIELDS = ['version', 'deviceVendor', 'deviceProduct', 'deviceVersion', 'signatureId', 'name', 'severity'] as const;

/** Parse text starting with `CEF:`. */
export function parseCef(text: string): CefParse {
  if (!text.startsWith('CEF:')) return { ok: false, error: 'not a CEF message: it must start with "CEF:"' };
  const fields: string[] = [];
  let cur = '';
  let i = 4;
  for (; i < text.length && fields.length < HEADER_FIELDS.length; i++) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === '|' || text[i + 1] === '\\')) {
      cur += text[i + 1];
      i++;
    } else if (c === '|') {
      fields.push(cur);
      cur = '';
    } else cur += c;
  }
  if (fields.length < HEADER_FIELDS.length) {
    return {
      ok: false,
      error: `CEF header has ${fields.length} of 7 "|"-terminated fields (Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|)`,
    };
  }
  const parsed = parseExtension(text.slice(i));
  const cef: CefMessage = {
    version: fields[0]!.trim(),
    deviceVendor: fields[1]!,
    deviceProduct: fields[2]!,
    deviceVersion: fields[3]!,
    signatureId: fields[4]!,
    name: fields[5]!,
    severity: fields[6]!.trim(),
    extensions: parsed.extensions,
  };
  if (parsed.unkeyedText) cef.unkeyedText = parsed.unkeyedText;
  return { ok: true, cef };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */;
}

/**
 * Key characters: word characters plus `.` `-` (ArcSight `ad.*`, `flexString1-x`), `[` `]` (array
 * keys `ad.field[0]`) and `,` (`ad.Error_,Code`, from Logstash's CEF vectors). A key must start
 * with a word character, so bracketed text in a value (`msg=blocked [rule=5]`) is not a key.
 */
function isKeyChar(c: number): boolean {
  return isWordChar(c) || c === 46 /* . */ || c === 45 /* - */ || c === 91 /* [ */ || c === 93 /* ] */ || c === 44 /* , */;
}

/** Split the extension into keys and values; see the file comment for the rules. */
export function parseExtension(ext: string): { extensions: Record<string, string>; unkeyedText: string } {
  // Key positions: an unescaped '=' preceded by a run of key characters that starts the text or follows a space.
  const keys: { start: number; eq: number }[] = [];
  for (let i = 0; i < ext.length; i++) {
    const c = ext.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c !== 61 /* = */) continue;
    let s = i;
    while (s > 0 && isKeyChar(ext.charCodeAt(s - 1))) s--;
    if (s < i && (s === 0 || ext[s - 1] === ' ') && isWordChar(ext.charCodeAt(s))) keys.push({ start: s, eq: i });
  }
  const extensions: Record<string, string> = {};
  for (let k = 0; k < keys.length; k++) {
    const { start, eq } = keys[k]!;
    const end = k + 1 < keys.length ? keys[k + 1]!.start : ext.length;
    setOwn(extensions, ext.slice(start, eq), unescapeValue(ext.slice(eq + 1, end).replace(/ +$/, '')));
  }
  const unkeyedText = (keys.length ? ext.slice(0, keys[0]!.start) : ext).trim();
  return { extensions, unkeyedText };
}

function unescapeValue(v: string): string {
  if (!v.includes('\\')) return v;
  return v.replace(/\\([=\\nr|])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

/**
 * CEF severity → Watchpost severity. Numbers follow ArcSight's bands: 0–3 Low → info, 4–6 Medium →
 * warn, 7–8 High → error, 9–10 Very-High → critical. The words Low/Medium/High/Very-High map the
 * same way. Other words go through the shared shipper mapping (`err`, `warning`, `fatal` …, see
 * shared/severity-names.ts) — some devices put a syslog keyword there. Unknown or anything else →
 * null (the caller falls back to the syslog PRI or info).
 */
export function cefSeverity(s: string): Severity | null {
  const t = s.trim().toLowerCase();
  if (/^\d{1,2}$/.test(t)) {
    const n = Number(t);
    if (n <= 3) return 'info';
    if (n <= 6) return 'warn';
    if (n <= 8) return 'error';
    if (n <= 10) return 'critical';
    return null;
  }
  switch (t) {
    case 'low':
      return 'info';
    case 'medium':
      return 'warn';
    case 'high':
      return 'error';
    case 'very-high':
    case 'veryhigh':
    case 'very high':
      return 'critical';
    default:
      return /^\d+$/.test(t) ? null : severityFromName(t);
  }
}
