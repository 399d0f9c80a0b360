import type { ColumnValues, Dictionary } from './block-codec.ts';

/**
 * The copies of envelope values inside a raw text, stored once (formats 4 and 5). A sender's raw
 * event usually repeats what it was normalized into: its message, its time stamp as ISO text, its
 * host. Each first copy, spelled as JSON.stringify spells it, is replaced by a one-character
 * marker at seal time and put back from the column on decode. Exact by construction: valid JSON
 * text never holds a bare control character, a block where some raw text holds one of the markers
 * anyway is stored without elision, and a copy spelled otherwise (escapes) is kept whole.
 */

/** Markers: U+0000 the message's JSON string, U+0001 the event time's ISO string, U+0002 the host's JSON string. */
export const MESSAGE_MARK = '\u0000';
/** A block whose raw texts hold any of these is stored without elision. */
export const MARKS = /[\u0000-\u0002]/;
/** Shorter messages are left in place: the saving would not pay for the look-up. */
const MIN_MESSAGE = 8;

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Event times as JSON.stringify(new Date(ts).toISOString()) spells them, without building a Date
 * per event: the text up to the minute is made once per minute, seconds and milliseconds from tables.
 */
export class TimeLiterals {
  private minute = Number.NaN;
  private prefix = '';
  /** The literal, or null when `ts` is no valid date. */
  of(ts: number): string | null {
    const t = Math.trunc(ts) + 0;
    if (!(Math.abs(t) <= 8.64e15)) return null;
    const minute = Math.floor(t / 60_000);
    if (minute !== this.minute) {
      const iso = new Date(minute * 60_000).toISOString();
      this.minute = minute;
      this.prefix = `"${iso.slice(0, iso.length - 7)}`;
    }
    const ms = t - minute * 60_000;
    return `${this.prefix}${TWO[Math.floor(ms / 1000)]!}.${THREE[ms % 1000]!}Z"`;
  }
}

/** Where raw texts' message literals are (-1: none) and how long each literal is. */
export interface MessageHoles {
  at: Int32Array;
  len: Int32Array;
}

/**
 * Where each raw text's first copy of its message's JSON literal (8+ characters) is, when
 * eliding them removes at least `minShare` of the raw text; else null. No string is built.
 */
export function messageHoles(raws: readonly string[], messages: readonly (string | null)[], minShare: number): MessageHoles | null {
  const at = new Int32Array(raws.length).fill(-1);
  const len = new Int32Array(raws.length);
  let total = 0;
  let saved = 0;
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i]!;
    const m = messages[i]!;
    total += raw.length;
    if (m === null || m.length < MIN_MESSAGE) continue;
    const literal = JSON.stringify(m);
    at[i] = raw.indexOf(literal);
    if (at[i]! >= 0) {
      len[i] = literal.length;
      saved += literal.length - 1;
    }
  }
  return total > 0 && saved >= minShare * total ? { at, len } : null;
}

/** A raw text with its message literal (format 4) replaced by MESSAGE_MARK. */
export function withoutMessage(raw: string, holes: MessageHoles, i: number): string {
  const at = holes.at[i]!;
  return at < 0 ? raw : raw.slice(0, at) + MESSAGE_MARK + raw.slice(at + holes.len[i]!);
}

/** First occurrence of `literal` in `raw` from `from` on that overlaps none of the holes found so far. */
function freeIndexOf(raw: string, literal: string, holes: number[]): number {
  for (let at = raw.indexOf(literal); at >= 0; at = raw.indexOf(literal, at + 1)) {
    let free = true;
    for (let h = 0; h < holes.length; h += 3) if (at < holes[h + 1]! && at + literal.length > holes[h]!) free = false;
    if (free) return at;
  }
  return -1;
}

/**
 * Format 5: where a raw text's copies of message, time stamp and host are, as `[start, end,
 * mark]` triples sorted by start. Replacing each by its mark gives what eliding them in turn
 * (message, then time in what is left, then host) would: the same first free occurrences.
 */
export class EnvelopeHoles {
  private readonly times = new TimeLiterals();
  private readonly hosts = new Map<string, string>();
  of(raw: string, message: MessageHoles, i: number, ts: number, host: string | null): number[] {
    const holes: number[] = [];
    const m = message.at[i]!;
    if (m >= 0) holes.push(m, m + message.len[i]!, 0);
    const time = this.times.of(ts);
    const t = time === null ? -1 : freeIndexOf(raw, time, holes);
    if (t >= 0) holes.push(t, t + time!.length, 1);
    if (host !== null) {
      let literal = this.hosts.get(host);
      if (literal === undefined) this.hosts.set(host, (literal = JSON.stringify(host)));
      const h = freeIndexOf(raw, literal, holes);
      if (h >= 0) holes.push(h, h + literal.length, 2);
    }
    // At most three triples: sort by start.
    for (let a = 0; a < holes.length; a += 3)
      for (let b = a + 3; b < holes.length; b += 3)
        if (holes[b]! < holes[a]!)
          for (let k = 0; k < 3; k++) {
            const x = holes[a + k]!;
            holes[a + k] = holes[b + k]!;
            holes[b + k] = x;
          }
    return holes;
  }
}

/** A raw text with its holes (EnvelopeHoles) replaced by their marks. */
export function withoutHoles(raw: string, holes: readonly number[]): string {
  let out = '';
  let from = 0;
  for (let h = 0; h < holes.length; h += 3) {
    out += raw.slice(from, holes[h]) + String.fromCharCode(holes[h + 2]!);
    from = holes[h + 1]!;
  }
  return out + raw.slice(from);
}

const WHAT = ['message', 'time', 'host'];

/** The text a mark stands for, or an error naming what is missing. */
function filled(value: string | null, mark: number): string {
  if (value === null) throw new Error(`event block damaged: an elided raw text has no ${WHAT[mark]!}`);
  return value;
}

function put(stored: string, mark: number, literal: HoleLiterals, i: number): string {
  const at = stored.indexOf(String.fromCharCode(mark));
  return at < 0 ? stored : stored.slice(0, at) + filled(literal(mark, i), mark) + stored.slice(at + 1);
}

/** What JSON.stringify escapes in a string (surrogates: a lone one; pairs take the slow path too, exactly). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(v) for a string, without its scan and copy when nothing needs escaping. */
function jsonString(v: string): string {
  return ESCAPED.test(v) ? JSON.stringify(v) : `"${v}"`;
}

/** JSON literals of a text column's values by row, each distinct value spelled once. */
function literals(values: ColumnValues | undefined, dict: Dictionary | undefined): (i: number) => string | null {
  if (!values) return () => null;
  if (!dict) return (i) => (values[i] == null ? null : jsonString(values[i] as string));
  const cache = new Array<string | undefined>(dict.values.length);
  return (i) => {
    const c = dict.codes[i]!;
    return c < 0 ? null : (cache[c] ??= jsonString(dict.values[c]!));
  };
}

/** The literal mark 0 (message), 1 (time) or 2 (host) stands for in row `i`'s raw text; null = the row has none. */
export type HoleLiterals = (mark: number, i: number) => string | null;

/** Hole literals from the message column (formats 4 and 5) and the time and host columns (`envelope`, format 5). */
export function holeLiterals(
  message: { values: ColumnValues | undefined; dict: Dictionary | undefined },
  envelope: { ts: ColumnValues; host: ColumnValues; dict: Dictionary | undefined } | null,
): HoleLiterals {
  const messageOf = literals(message.values, message.dict);
  if (!envelope) return (mark, i) => (mark === 0 ? messageOf(i) : null);
  const hostOf = literals(envelope.host, envelope.dict);
  const times = new TimeLiterals();
  return (mark, i) => (mark === 0 ? messageOf(i) : mark === 1 ? times.of(envelope.ts[i] as number) : hostOf(i));
}

/**
 * Puts raw texts stored as plain text back as they were received, in place (format 4, and format
 * 5 raw frames stored as plain text); templated raw frames are filled while they are decoded.
 */
export function restoreRaws(texts: string[], literal: HoleLiterals, envelope: boolean): void {
  for (let i = 0; i < texts.length; i++) {
    const stored = texts[i]!;
    if (!MARKS.test(stored)) continue;
    const raw = put(stored, 0, literal, i);
    texts[i] = envelope ? put(put(raw, 1, literal, i), 2, literal, i) : raw;
  }
}

/** `filled` for the template reader: the literal of a mark, or an error naming what is missing. */
export function holeText(literal: HoleLiterals, mark: number, i: number): string {
  return filled(literal(mark, i), mark);
}
