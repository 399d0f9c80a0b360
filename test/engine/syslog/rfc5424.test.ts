import { describe, expect, it } from 'vitest';
import { syslogLineToEvent } from '../../../main/engine/syslog/to-event.ts';
import { parseStructuredData } from '../../../main/engine/syslog/rfc5424.ts';
import { parseRfc3339 } from '../../../main/engine/syslog/message.ts';
import { mapped } from './mapped-event.ts';

const NOW = Date.UTC(2026, 4, 10, 12, 0, 0);
const parse = (line: string) => mapped(syslogLineToEvent(line, { sourceType: 'syslog', receivedAt: NOW, peerAddress: '192.0.2.9', transport: 'udp' }));

describe('RFC 5424', () => {
  it('maps the RFC example without STRUCTURED-DATA to the envelope', () => {
    const e = parse("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8");
    expect(e).toMatchObject({
      timestamp: '2003-10-11T22:14:15.003Z',
      severity: 'critical',
      category: 'auth',
      host: 'mymachine.example.com',
      action: 'su',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    expect(e.raw).toMatchObject({
      format: 'rfc5424',
      pri: 34,
      facility: 4,
      facilityName: 'auth',
      syslogSeverity: 2,
      syslogSeverityName: 'crit',
      version: 1,
      msgId: 'ID47',
      peerAddress: '192.0.2.9',
      transport: 'udp',
    });
    expect(e.raw.procId).toBeUndefined();
    expect(e.raw.structuredData).toBeUndefined();
    expect(e.raw.parseError).toBeUndefined();
    expect(e.raw.line).toMatch(/^<34>1 /);
  });

  it('keeps STRUCTURED-DATA with several elements, escapes and repeated params; strips the BOM', () => {
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"][origin ip="192.0.2.1" ip="192.0.2.129"][esc@1 v="a \\"q\\" \\] b\\\\c \\x"] \uFEFFAn application event log entry...';
    const e = parse(line);
    expect(e).toMatchObject({ severity: 'notice', category: 'system', action: 'evntslog', message: 'An application event log entry...' });
    expect(e.raw.facilityName).toBe('local4');
    expect(e.raw.structuredData).toEqual({
      'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
      'examplePriority@32473': { class: 'high' },
      origin: { ip: ['192.0.2.1', '192.0.2.129'] },
      'esc@1': { v: 'a "q" ] b\\c \\x' },
    });
  });

  it('takes STRUCTURED-DATA with no MSG and an offset timestamp with microseconds', () => {
    const e = parse('<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - [exampleSDID@32473 iut="3"]');
    expect(e.timestamp).toBe('2003-08-24T12:14:15.000Z');
    expect(e.raw.procId).toBe('8710');
    expect(e.message).toBeUndefined();
    expect(e.raw.structuredData).toEqual({ 'exampleSDID@32473': { iut: '3' } });
  });

  it.each([
    [
      'every header field NILVALUE: no time, host from the sender, no action',
      '<13>1 - - - - - - hello',
      { message: 'hello', host: '192.0.2.9', severity: 'notice' },
    ],
    ['empty MSG after SD', '<14>1 2024-01-01T00:00:00Z h a p m - ', { message: '', host: 'h', action: 'a', severity: 'info' }],
    [
      'MSG keeps inner spaces and brackets',
      '<15>1 2024-01-01T00:00:00+02:00 h a - - - x  [y] z',
      { message: 'x  [y] z', severity: 'debug', timestamp: '2023-12-31T22:00:00.000Z' },
    ],
    ['authpriv.err is auth/error', '<83>1 2024-01-01T00:00:00Z h sshd 12 - - Failed password', { category: 'auth', severity: 'error' }],
    ['local7.warning is system/warn', '<188>1 2024-01-01T00:00:00Z h app - - - w', { category: 'system', severity: 'warn' }],
    ['kern.emerg → critical', '<0>1 2024-01-01T00:00:00Z h kernel - - - panic', { severity: 'critical', category: 'system' }],
  ])('%s', (_name, line, expected) => {
    const e = parse(line);
    expect(e).toMatchObject(expected);
    expect(e.raw.parseError).toBeUndefined();
    if (!('timestamp' in expected) && line.includes(' - - - - - ')) expect(e.timestamp).toBeUndefined();
  });

  it('keeps fields when only the timestamp is bad, and says so', () => {
    const e = parse('<13>1 2024-13-45T99:00:00Z host app - - - msg');
    expect(e).toMatchObject({ host: 'host', action: 'app', message: 'msg' });
    expect(e.timestamp).toBeUndefined();
    expect(e.raw.syslogTimestamp).toBe('2024-13-45T99:00:00Z');
    expect(e.raw.parseError).toMatch(/TIMESTAMP/);
  });

  it.each([
    ['unterminated SD value', '<13>1 2024-01-01T00:00:00Z h a - - [x@1 k="v] msg', /unterminated value of k/],
    ['SD neither "-" nor "["', '<13>1 2024-01-01T00:00:00Z h a - - msg here', /STRUCTURED-DATA must be "-"/],
    ['header cut short', '<13>1 2024-01-01T00:00:00Z h', /header ends before/],
    ['no space after SD', '<13>1 2024-01-01T00:00:00Z h a - - [x@1 k="v"]msg', /expected a space after STRUCTURED-DATA/],
  ])('stores an unparseable line whole with parseError: %s', (_n, line, why) => {
    const e = parse(line);
    expect(e.message).toBe(line);
    expect(e.raw.format).toBe('unknown');
    expect(e.raw.parseError).toMatch(why);
    expect(e.raw.pri).toBe(13);
    expect(e.severity).toBe('notice');
    expect(e.host).toBe('192.0.2.9');
  });

  it('keeps __proto__ as an own SD key, never a prototype', () => {
    const sd = parseStructuredData('[__proto__ polluted="yes"]', 0);
    expect('data' in sd).toBe(true);
    const data = (sd as { data: Record<string, unknown> }).data;
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(data))).toEqual(JSON.parse('{"__proto__":{"polluted":"yes"}}'));
  });

  it.each([
    ['1985-04-12T23:20:50.52Z', Date.UTC(1985, 3, 12, 23, 20, 50, 520)],
    ['1985-04-12T19:20:50.52-04:00', Date.UTC(1985, 3, 12, 23, 20, 50, 520)],
    ['2003-10-11T22:14:15.003Z', Date.UTC(2003, 9, 11, 22, 14, 15, 3)],
    ['2024-02-30T00:00:00Z', null],
    ['2024-01-01T00:00:00', null],
    ['2024-01-01 00:00:00Z', null],
  ])('RFC 3339 %s', (text, want) => {
    expect(parseRfc3339(text)).toBe(want);
  });
});
