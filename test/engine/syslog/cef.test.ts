import { describe, expect, it } from 'vitest';
import { syslogLineToEvent } from '../../../main/engine/syslog/to-event.ts';
import { cefTime } from '../../../main/engine/syslog/cef-time.ts';
import { cefSeverity, parseCef, parseExtension } from '../../../main/engine/syslog/cef.ts';
import { mapped } from './mapped-event.ts';

const NOW = Date.UTC(2026, 4, 10, 12, 0, 0);
const parse = (line: string, sourceType: 'syslog' | 'cef' = 'cef') =>
  mapped(syslogLineToEvent(line, { sourceType, receivedAt: NOW, peerAddress: '203.0.113.5', transport: 'udp' }));

describe('CEF header', () => {
  it('splits seven fields and unescapes \\| and \\\\', () => {
    const r = parseCef('CEF:0|Secu\\|rity|thread\\\\ATTACK|1.0|100|worm \\| stopped|10|src=10.0.0.1');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.cef).toMatchObject({
      version: '0',
      deviceVendor: 'Secu|rity',
      deviceProduct: 'thread\\ATTACK',
      deviceVersion: '1.0',
      signatureId: '100',
      name: 'worm | stopped',
      severity: '10',
      extensions: { src: '10.0.0.1' },
    });
  });

  it('accepts an empty extension and a pipe inside the extension', () => {
    const r = parseCef('CEF:1|V|P|1|sig|Name|Low|');
    expect(r.ok && r.cef.extensions).toEqual({});
    const r2 = parseCef('CEF:0|V|P|1|sig|N|3|msg=a|b c');
    expect(r2.ok && r2.cef.extensions).toEqual({ msg: 'a|b c' });
  });

  it.each([
    ['CEF:0|V|P|1|sig|Name', 5],
    ['CEF:0', 0],
    ['CEF:0|a\\|b|c|d|e|f', 5],
  ])('refuses a short header %s', (text, n) => {
    const r = parseCef(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(`has ${n} of 7`);
  });
});

describe('CEF extension', () => {
  it.each([
    [
      'values with spaces',
      'src=10.0.0.1 msg=Detected a threat. No action needed. act=blocked',
      { src: '10.0.0.1', msg: 'Detected a threat. No action needed.', act: 'blocked' },
    ],
    [
      '\\= and \\\\ escapes, \\n and \\r',
      'request=http://x/?a\\=1&b\\=2 path=C:\\\\Windows msg=line1\\nline2\\rend',
      { request: 'http://x/?a=1&b=2', path: 'C:\\Windows', msg: 'line1\nline2\rend' },
    ],
    ['an unescaped = inside a value that is not after a space', 'request=http://x/?a=1 dpt=443', { request: 'http://x/?a=1', dpt: '443' }],
    ['empty value and trailing spaces', 'cs1= cs1Label=Rule  dst=2.2.2.2  ', { cs1: '', cs1Label: 'Rule', dst: '2.2.2.2' }],
    ['dotted and custom keys', 'ad.Key=val _cefVer=0.1 flexString1-x=y', { 'ad.Key': 'val', _cefVer: '0.1', 'flexString1-x': 'y' }],
  ])('%s', (_n, ext, want) => {
    expect(parseExtension(ext).extensions).toEqual(want);
  });

  it('keeps text before the first key', () => {
    expect(parseExtension('garbage here src=1.1.1.1')).toEqual({ extensions: { src: '1.1.1.1' }, unkeyedText: 'garbage here' });
  });

  it('keeps __proto__ as an own key', () => {
    const x = parseExtension('__proto__=bad src=1');
    expect(Object.hasOwn(x.extensions, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).src).toBeUndefined();
  });
});

describe('CEF → envelope', () => {
  it('maps a bare CEF line: severity, user, action, message, outcome, host, time; everything in raw.cef', () => {
    const e = parse(
      'CEF:0|Acme|Firewall|2.1|4000|Login attempt|7|src=10.1.1.1 dst=10.2.2.2 spt=5555 suser=alice duser=root act=login outcome=failure msg=bad password for alice dvchost=fw-01 rt=1778414400000',
    );
    expect(e).toMatchObject({
      severity: 'error',
      category: 'other',
      host: 'fw-01',
      user: 'alice',
      action: 'login',
      message: 'bad password for alice',
      outcome: 'failure',
      timestamp: new Date(1778414400000).toISOString(),
    });
    expect(e.raw.format).toBe('cef');
    expect(e.raw.cef).toEqual({
      version: '0',
      deviceVendor: 'Acme',
      deviceProduct: 'Firewall',
      deviceVersion: '2.1',
      signatureId: '4000',
      name: 'Login attempt',
      severity: '7',
      src: '10.1.1.1',
      dst: '10.2.2.2',
      spt: '5555',
      suser: 'alice',
      duser: 'root',
      act: 'login',
      outcome: 'failure',
      msg: 'bad password for alice',
      dvchost: 'fw-01',
      rt: '1778414400000',
    });
  });

  it('falls back: duser for user, Name for action and message, src for host, /Success outcome', () => {
    const e = parse('CEF:0|V|P|1|sig-9|Port scan detected|Very-High|duser=bob src=10.9.9.9 categoryOutcome=/Success');
    expect(e).toMatchObject({
      severity: 'critical',
      user: 'bob',
      action: 'Port scan detected',
      message: 'Port scan detected',
      host: '10.9.9.9',
      outcome: 'success',
    });
  });

  it('CEF over RFC 3164 syslog: syslog host and time, CEF severity wins over PRI', () => {
    const e = parse('<134>May 10 11:00:00 relay-1 CEF:0|Acme|IDS|1|77|Worm stopped|2|src=1.2.3.4 act=blocked');
    expect(e).toMatchObject({
      host: 'relay-1',
      severity: 'info',
      category: 'system',
      action: 'blocked',
      message: 'Worm stopped',
      timestamp: new Date(2026, 4, 10, 11, 0, 0).toISOString(),
    });
    expect(e.raw).toMatchObject({ format: 'rfc3164+cef', pri: 134, facilityName: 'local0', hostname: 'relay-1', cef: { src: '1.2.3.4', signatureId: '77' } });
    expect(e.raw.appName).toBeUndefined();
  });

  it('CEF over RFC 5424 with an app tag; a cef source finds CEF after a prefix', () => {
    const e = parse('<36>1 2026-05-10T10:00:00Z host-a ArcSight - - - CEF:0|V|P|1|s|Denied|5|suser=eve outcome=denied');
    expect(e).toMatchObject({
      host: 'host-a',
      severity: 'warn',
      category: 'auth',
      user: 'eve',
      outcome: 'failure',
      action: 'Denied',
      timestamp: '2026-05-10T10:00:00.000Z',
    });
    expect(e.raw.format).toBe('rfc5424+cef');
    const e2 = parse('<13>May 10 11:00:00 dev app: note CEF:0|V|P|1|s|N|1|');
    expect(e2.raw).toMatchObject({ format: 'rfc3164+cef', cefPrefix: 'note ' });
  });

  it('a cef source receiving plain syslog keeps the syslog fields and says it is not CEF', () => {
    const e = parse('<13>May 10 11:00:00 dev app: not cef at all');
    expect(e).toMatchObject({ host: 'dev', action: 'app', message: 'not cef at all' });
    expect(e.raw.parseError).toMatch(/not a CEF message/);
  });

  it('a syslog source decodes a CEF payload too, but does not hunt for one mid-message', () => {
    expect(parse('<13>May 10 11:00:00 dev CEF:0|V|P|1|s|N|9|', 'syslog').raw.format).toBe('rfc3164+cef');
    const e = parse('<13>May 10 11:00:00 dev app: x CEF:0|V|P|1|s|N|9|', 'syslog');
    expect(e.raw.format).toBe('rfc3164');
    expect(e.raw.parseError).toBeUndefined();
  });

  it('a broken CEF header is stored whole with parseError', () => {
    const line = 'CEF:0|Vendor|Product|only four';
    const e = parse(line);
    expect(e).toMatchObject({ message: line, host: '203.0.113.5' });
    expect(e.raw.parseError).toMatch(/3 of 7/);
  });

  it.each([
    ['0', 'info'],
    ['3', 'info'],
    ['4', 'warn'],
    ['6', 'warn'],
    ['7', 'error'],
    ['8', 'error'],
    ['9', 'critical'],
    ['10', 'critical'],
    ['Low', 'info'],
    ['medium', 'warn'],
    ['HIGH', 'error'],
    ['Very-High', 'critical'],
    ['Unknown', null],
    ['11', null],
    ['', null],
  ])('severity %s → %s', (s, want) => {
    expect(cefSeverity(s)).toBe(want);
  });

  it('unknown CEF severity falls back to the PRI severity', () => {
    expect(parse('<11>May 10 11:00:00 h CEF:0|V|P|1|s|N|Unknown|').severity).toBe('error');
  });

  it.each([
    ['1778414400000', 1778414400000],
    ['1778414400', 1778414400000],
    ['May 10 2026 12:00:00 UTC', Date.UTC(2026, 4, 10, 12)],
    ['May 10 2026 12:00:00.250', new Date(2026, 4, 10, 12, 0, 0, 250).getTime()],
    ['yesterday', null],
  ])('CEF time %s', (v, want) => {
    expect(cefTime(v)).toBe(want);
  });
});
