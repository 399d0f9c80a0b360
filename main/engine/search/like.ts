/**
 * LIKE patterns for user text. Values are always bound as parameters; these helpers only escape
 * LIKE's own wildcards (with ESCAPE '\') so `50%` or `user_name` mean what was typed.
 * SQLite's LIKE folds case for ASCII letters only, which is the search's documented behaviour.
 */

/** Append after every LIKE that takes a pattern from these helpers. */
export const ESCAPE = "ESCAPE '\\'";

export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case-insensitive "contains". */
export function likeContains(s: string): string {
  return `%${likeEscape(s)}%`;
}

/** A `*` glob that must match the whole value. */
export function likeGlob(pattern: string): string {
  return pattern.split('*').map(likeEscape).join('%');
}

/**
 * True for characters every JSON writer emits literally (printable ASCII minus the ones some
 * writers escape: `"` `\` `/` `<` `>` `&` `'`). Stored raw text is the sender's own JSON line,
 * so a Python sender's `\u00e9` or a Go sender's `\u003c` stay escaped; only "safe" text can be
 * looked for directly in the raw text.
 */
function isSafe(c: string): boolean {
  return c >= ' ' && c <= '~' && !`"\\/<>&'`.includes(c);
}

export function isJsonSafe(s: string): boolean {
  for (const c of s) if (!isSafe(c)) return false;
  return true;
}

/** Longest run of JSON-safe characters in `s` (a sound pre-filter for text that is not all safe). */
export function longestSafeRun(s: string): string {
  let best = '';
  let cur = '';
  for (const c of s) {
    if (isSafe(c)) {
      cur += c;
      if (cur.length > best.length) best = cur;
    } else {
      cur = '';
    }
  }
  return best;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Every way a JSON writer may spell `c` inside a string: as itself, `\uXXXX`, or a short escape. */
function spellings(c: string): string[] {
  const unicode = [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  const out = [unicode];
  const short = SHORT_ESCAPES[c];
  if (short) out.push(short);
  if (c >= ' ' && c !== '"' && c !== '\\') out.push(c);
  return out;
}

/**
 * LIKE patterns for text that is not JSON-safe: for up to `max` of its unsafe characters
 * (non-ASCII first), the alternatives any sender's raw text must contain one of. AND the groups,
 * OR within a group: a sound pre-filter that rejects most rows before any JSON is decoded.
 */
export function unsafeCharPatterns(s: string, max = 3): string[][] {
  const chars = [...new Set([...s].filter((c) => !isSafe(c) && c !== '"' && c !== '\\'))];
  chars.sort((a, b) => Number(b > '~') - Number(a > '~'));
  return chars.slice(0, max).map((c) => spellings(c).map(likeContains));
}
