/**
 * Syslog over a byte stream (RFC 6587): octet counting (`MSG-LEN SP MSG`) or non-transparent
 * framing (messages end with LF, CRLF or NUL). The method is detected per connection from its first
 * byte — a digit 1–9 means octet counting — and a connection whose "length" turns out not to be one
 * falls back to newline framing for good. Frames over the size limit are skipped and reported, never
 * buffered whole. Also the byte-level checks shared with UDP (binary content, encoding).
 */
import { isUtf8 } from 'node:buffer';
import { INGEST_LIMITS } from '../../../shared/limits.ts';

/** What a framer hands out: a message's bytes, or a frame that was refused (and why). */
export type Frame = { data: Buffer } | { rejected: 'oversized' | 'truncated' };

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SP = 0x20;
const MAX_LEN_DIGITS = 9;

/** Per-connection framer; `push` each chunk, `end` when the peer closes. */
export class StreamFramer {
  mode: 'detect' | 'octet' | 'newline' = 'detect';
  private buf: Buffer = Buffer.alloc(0);
  /** Newline mode: bytes already scanned for a delimiter (no rescanning on each chunk). */
  private scanned = 0;
  /** Bytes still to throw away: the rest of an oversized frame. */
  private skipBytes = 0;
  /** Newline mode: discarding an oversized message until its delimiter. */
  private discarding = false;
  private readonly maxBytes: number;

  constructor(maxBytes: number = INGEST_LIMITS.maxRawBytes) {
    this.maxBytes = maxBytes;
  }

  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    if (this.skipBytes > 0) {
      const n = Math.min(this.skipBytes, chunk.length);
      this.skipBytes -= n;
      chunk = chunk.subarray(n);
    }
    if (chunk.length === 0) return out;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.mode === 'detect' || this.mode === 'octet') {
        let i = 0;
        while (i < this.buf.length && (this.buf[i] === LF || this.buf[i] === CR || this.buf[i] === NUL)) i++; // stray trailers between frames
        if (i) this.buf = this.buf.subarray(i);
        if (this.buf.length === 0) return out;
        if (this.mode === 'detect') this.mode = this.buf[0]! >= 0x31 && this.buf[0]! <= 0x39 ? 'octet' : 'newline';
      }
      if (this.mode === 'newline') {
        this.newlineFrames(out);
        return out;
      }
      const step = this.octetFrame(out);
      if (step === 'need-more') return out;
    }
  }

  /** The peer closed: a last newline-framed message without its delimiter still counts; a cut octet frame does not. */
  end(): Frame[] {
    const out: Frame[] = [];
    if (this.mode === 'newline' && !this.discarding) {
      const last = trimFrame(this.buf);
      if (last.length) out.push({ data: last });
    } else if (this.mode === 'octet' && trimFrame(this.buf).length) out.push({ rejected: 'truncated' });
    else if (this.skipBytes > 0) out.push({ rejected: 'truncated' });
    this.buf = Buffer.alloc(0);
    this.scanned = 0;
    return out;
  }

  private octetFrame(out: Frame[]): 'again' | 'need-more' {
    let i = 0;
    while (i < this.buf.length && i <= MAX_LEN_DIGITS && this.buf[i]! >= 0x30 && this.buf[i]! <= 0x39) i++;
    if (i === this.buf.length && i <= MAX_LEN_DIGITS) return 'need-more';
    if (i === 0 || i > MAX_LEN_DIGITS || this.buf[i] !== SP || this.buf[0] === 0x30) {
      this.mode = 'newline'; // not octet counting after all: read the rest of the connection as lines
      this.scanned = 0;
      return 'again';
    }
    const len = Number(this.buf.subarray(0, i).toString('latin1'));
    const start = i + 1;
    if (len > this.maxBytes) {
      out.push({ rejected: 'oversized' });
      const have = this.buf.length - start;
      if (have >= len) this.buf = this.buf.subarray(start + len);
      else {
        this.skipBytes = len - have;
        this.buf = Buffer.alloc(0);
      }
      return this.buf.length ? 'again' : 'need-more';
    }
    if (this.buf.length - start < len) return 'need-more';
    const frame = trimFrame(this.buf.subarray(start, start + len));
    if (frame.length) out.push({ data: Buffer.from(frame) });
    this.buf = this.buf.subarray(start + len);
    return this.buf.length ? 'again' : 'need-more';
  }

  private newlineFrames(out: Frame[]): void {
    let from = 0;
    for (let i = this.scanned; i < this.buf.length; i++) {
      const b = this.buf[i];
      if (b !== LF && b !== NUL) continue;
      if (this.discarding) this.discarding = false;
      else {
        const frame = trimFrame(this.buf.subarray(from, i));
        if (frame.length > this.maxBytes) out.push({ rejected: 'oversized' });
        else if (frame.length) out.push({ data: Buffer.from(frame) });
      }
      from = i + 1;
    }
    this.buf = this.buf.subarray(from);
    this.scanned = this.buf.length;
    if (this.buf.length > this.maxBytes + 2) {
      if (!this.discarding) out.push({ rejected: 'oversized' });
      this.discarding = true;
      this.buf = Buffer.alloc(0);
      this.scanned = 0;
    }
  }
}

/** Strip what ends a frame rather than belongs to it: trailing CR, LF, NUL. */
export function trimFrame(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && (b[end - 1] === LF || b[end - 1] === CR || b[end - 1] === NUL)) end--;
  return end === b.length ? b : b.subarray(0, end);
}

export type DecodedFrame = { text: string; latin1: boolean } | { rejected: 'binary' | 'oversized' };

/**
 * Bytes of one message → text. Refused as binary when it holds a NUL or a C0 control byte other
 * than TAB, LF, VT, FF, CR and ESC (no syslog sender emits those in text). Valid UTF-8 is read as
 * UTF-8; anything else as Latin-1 (old BSD devices), flagged so raw can say so.
 */
export function decodeFrame(b: Buffer, maxBytes: number = INGEST_LIMITS.maxRawBytes): DecodedFrame {
  if (b.length > maxBytes) return { rejected: 'oversized' };
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x20 && (c <= 0x08 || (c >= 0x0e && c !== 0x1b))) return { rejected: 'binary' };
  }
  return isUtf8(b) ? { text: b.toString('utf8'), latin1: false } : { text: b.toString('latin1'), latin1: true };
}
