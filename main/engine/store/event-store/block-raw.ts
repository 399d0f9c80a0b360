import type { ColumnValues, Dictionary } from './block-codec.ts';

/**
 * The copies of envelope values inside a raw text, stored once (formats 4 and 5). A sender's raw
 * event usually repeats what it was normalized into: its message, its time stamp as ISO text, its
 * host. Each first copy, spelled as JSON.stringify spells it, is replaced by a one-character
 * marker at seal time and put back from the column on decode. Exact by construction: valid JSON
 * text never holds a bare control character, a block where some raw text holds one of the markers
 * anyway is stored without elision, and a copy spelled otherwise (escapes) is kept whole.
 */

/** Markers: the message's JSON string, the event time's ISO string, the host's JSON string. */
export const MESSAGE_MARK = '\u0000';
const TIME_MARK = '\u0001';
const HOST_MARK = '\u0002';
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

function cut(raw: string, literal: string | null, mark: string): string {
  if (literal === null) return raw;
  const at = raw.indexOf(literal);
  return at < 0 ? raw : raw.slice(0, at) + mark + raw.slice(at + literal.length);
}

/** `raw` with the first copy of its message's JSON literal (8+ characters) replaced by MESSAGE_MARK. */
export function elideMessage(raw: string, message: string | null): string {
  return message === null || message.length < MIN_MESSAGE ? raw : cut(raw, JSON.stringify(message), MESSAGE_MARK);
}

/** Elides raw texts' copies of time stamp and host (message already elided or not). */
export class EnvelopeElider {
  private readonly times = new TimeLiterals();
  private readonly hosts = new Map<string, string>();
  elide(raw: string, ts: number, host: string | null): string {
    let literal: string | null = null;
    if (host !== null) {
      literal = this.hosts.get(host) ?? null;
      if (literal === null) this.hosts.set(host, (literal = JSON.stringify(host)));
    }
    return cut(cut(raw, this.times.of(ts), TIME_MARK), literal, HOST_MARK);
  }
}

function put(stored: string, mark: string, literal: () => string | null, what: string): string {
  const at = stored.indexOf(mark);
  if (at < 0) return stored;
  const value = literal();
  if (value === null) throw new Error(`event block damaged: an elided raw text has no ${what}`);
  return stored.slice(0, at) + value + stored.slice(at + 1);
}

/** JSON literals of a text column's values by row, each distinct value spelled once. */
function literals(values: ColumnValues | undefined, dict: Dictionary | undefined): (i: number) => string | null {
  if (!values) return () => null;
  if (!dict) return (i) => (values[i] == null ? null : JSON.stringify(values[i]));
  const cache = new Array<string | undefined>(dict.values.length);
  return (i) => {
    const c = dict.codes[i]!;
    return c < 0 ? null : (cache[c] ??= JSON.stringify(dict.values[c]));
  };
}

/**
 * Puts raw texts back as they were received, in place: from the message (formats 4 and 5) and
 * the time and host columns (`envelope`, format 5) their copies were taken from.
 */
export function restoreRaws(
  texts: string[],
  message: { values: ColumnValues | undefined; dict: Dictionary | undefined },
  envelope: { ts: ColumnValues; host: ColumnValues; dict: Dictionary | undefined } | null,
): void {
  const messageOf = literals(message.values, message.dict);
  const hostOf = envelope ? literals(envelope.host, envelope.dict) : () => null;
  const times = new TimeLiterals();
  for (let i = 0; i < texts.length; i++) {
    const stored = texts[i]!;
    if (!MARKS.test(stored)) continue;
    let raw = put(stored, MESSAGE_MARK, () => messageOf(i), 'message');
    if (envelope) {
      raw = put(raw, TIME_MARK, () => times.of(envelope.ts[i] as number), 'time');
      raw = put(raw, HOST_MARK, () => hostOf(i), 'host');
    }
    texts[i] = raw;
  }
}
