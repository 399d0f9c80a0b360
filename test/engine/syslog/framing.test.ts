import { describe, expect, it } from 'vitest';
import { StreamFramer, decodeFrame } from '../../../main/engine/syslog/framing.ts';
import type { Frame } from '../../../main/engine/syslog/framing.ts';

const show = (frames: Frame[]) => frames.map((f) => ('data' in f ? f.data.toString('utf8') : `!${f.rejected}`));
function feed(chunks: (string | Buffer)[], max?: number): { out: string[]; mode: string } {
  const f = new StreamFramer(max);
  const out: string[] = [];
  for (const c of chunks) out.push(...show(f.push(typeof c === 'string' ? Buffer.from(c) : c)));
  out.push(...show(f.end()));
  return { out, mode: f.mode };
}
/** Every way of cutting `s` into two chunks, plus byte by byte. */
function splits(s: string): string[][] {
  const out: string[][] = [[s], s.split('')];
  for (let i = 1; i < s.length; i++) out.push([s.slice(0, i), s.slice(i)]);
  return out;
}

describe('RFC 6587 framing', () => {
  it('octet counting, however the stream is cut', () => {
    const stream = '11 <13>hello A12 <13>w\u00f6rld B'; // "ö" is two bytes: lengths are bytes, not chars
    for (const chunks of splits(stream)) expect(feed(chunks)).toEqual({ out: ['<13>hello A', '<13>wörld B'], mode: 'octet' });
  });

  it('octet-counted frames may contain LF and may be followed by stray LF/CRLF', () => {
    expect(feed(['13 <13>two\nlines\r\n', '5 <13>x\n']).out).toEqual(['<13>two\nlines', '<13>x']);
  });

  it('newline framing with LF, CRLF and NUL, however the stream is cut', () => {
    const stream = '<13>a one\n<13>b two\r\n<13>c three\u0000\n\n<13>d last';
    for (const chunks of splits(stream)) expect(feed(chunks)).toEqual({ out: ['<13>a one', '<13>b two', '<13>c three', '<13>d last'], mode: 'newline' });
  });

  it('a first "length" that is not one falls back to newline framing for the connection', () => {
    expect(feed(['2024-01-01 hello\n12 apples\n']).out).toEqual(['2024-01-01 hello', '12 apples']);
    expect(feed(['1234567890123 x\n']).out).toEqual(['1234567890123 x']);
    expect(feed(['5 <13>x', 'x\n<13>y\n']).out).toEqual(['<13>x', 'x', '<13>y']);
  });

  it('a bare CEF line starts newline framing', () => {
    expect(feed(['CEF:0|a|b|c|d|e|1|x=1\n']).out).toEqual(['CEF:0|a|b|c|d|e|1|x=1']);
  });

  it('skips oversized octet frames without buffering them, then carries on', () => {
    const big = 'x'.repeat(300);
    const r = feed([`300 ${big.slice(0, 50)}`, big.slice(50, 200), `${big.slice(200)}6 <13>ok`], 100);
    expect(r.out).toEqual(['!oversized', '<13>ok']);
    expect(feed([`300 ${big}4 <1>a`], 100).out).toEqual(['!oversized', '<1>a']);
  });

  it('rejects an oversized newline message once and resumes at the next delimiter', () => {
    const big = 'y'.repeat(250);
    expect(feed(['<13>a\n', big.slice(0, 120), big.slice(120), '\n<13>b\n'], 100).out).toEqual(['<13>a', '!oversized', '<13>b']);
    expect(feed([`${big}\n<13>c`], 100).out).toEqual(['!oversized', '<13>c']);
  });

  it('a cut-off octet frame at close is reported as truncated', () => {
    expect(feed(['20 <13>short']).out).toEqual(['!truncated']);
  });
});

describe('frame decoding', () => {
  it.each([
    ['plain UTF-8', Buffer.from('<13>héllo'), { text: '<13>héllo', latin1: false }],
    ['tabs and ESC are text', Buffer.from('<13>a\tb\u001b[0m'), { text: '<13>a\tb\u001b[0m', latin1: false }],
    ['Latin-1 from an old device', Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0x63, 0x61, 0x66, 0xe9]), { text: '<13>café', latin1: true }],
    ['NUL inside', Buffer.from('<13>a\u0000b'), { rejected: 'binary' }],
    ['other control bytes', Buffer.from([0x3c, 0x31, 0x3e, 0x01, 0x02, 0x03]), { rejected: 'binary' }],
    ['over the limit', Buffer.alloc(100 * 1024 + 1, 0x61), { rejected: 'oversized' }],
  ])('%s', (_n, buf, want) => {
    expect(decodeFrame(buf)).toEqual(want);
  });

  it('exactly 100 KB is accepted', () => {
    expect('text' in decodeFrame(Buffer.alloc(100 * 1024, 0x61))).toBe(true);
  });
});
