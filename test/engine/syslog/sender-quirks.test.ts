import { describe, expect, it } from 'vitest';
import { syslogLineToEvent } from '../../../main/engine/syslog/to-event.ts';
import { parseExtension } from '../../../main/engine/syslog/cef.ts';
import { cefTime, zoneOffsetMinutes } from '../../../main/engine/syslog/cef-time.ts';

const NOW = Date.UTC(2026, 4, 10, 12, 0, 0);
interface Ev {
  timestamp?: string;
  severity?: string;
  host?: string;
  action?: string;
  message?: string;
  raw: Record<string, unknown>;
}
const parse = (line: string, sourceType: 'syslog' | 'cef' = 'syslog') =>
  syslogLineToEvent(line, { sourceType, receivedAt: NOW, peerAddress: '198.51.100.7', transport: 'udp' }) as unknown as Ev;

describe('RFC 3164: TAG[PID] without a colon (rsyslog relaying RFC 5424 as BSD)', () => {
  it.each([
    // rsyslog's RSYSLOG_TraditionalForwardFormat of a 5424 message whose MSG does not start with ":".
    ['<86>May 10 11:00:00 bastion sudo[9001] relay message', { host: 'bastion', action: 'sudo', message: 'relay message' }, '9001'],
    ['<86>May 10 11:00:00 sudo[9001] relay message', { host: '198.51.100.7', action: 'sudo', message: 'relay message' }, '9001'],
    ['<13>sudo[9001] relay message', { action: 'sudo', message: 'relay message' }, '9001'],
    ['<13>May 10 11:00:00 h postfix/smtpd[5] connect from x', { host: 'h', action: 'postfix/smtpd', message: 'connect from x' }, '5'],
  ])('%s', (line, env, pid) => {
    const e = parse(line);
    expect(e).toMatchObject(env);
    expect(e.raw.procId).toBe(pid);
    expect(e.raw.appName).toBe(env.action);
    expect(e.raw.parseError).toBeUndefined();
  });

  it('a bare word without colon or PID stays message text (no invented program)', () => {
    const e = parse('<13>May 10 11:59:00 router1 link down on ge-0/0/1');
    expect(e).toMatchObject({ host: 'router1', message: 'link down on ge-0/0/1' });
    expect(e.action).toBeUndefined();
  });
});

describe('RFC 5424: control characters in header fields', () => {
  it.each([
    ['HOSTNAME', '<13>1 2026-05-10T10:00:00Z \nhostname app - - - msg', 'U+000A'],
    ['APP-NAME', '<13>1 2026-05-10T10:00:00Z host ap\tp - - - msg', 'U+0009'],
    ['MSGID', '<13>1 2026-05-10T10:00:00Z host app 12 ID\u001b - msg', 'U+001B'],
    ['PROCID', '<13>1 2026-05-10T10:00:00Z host app 1\u007f2 - - msg', 'U+007F'],
  ])('%s with a control character → stored unparsed with raw.parseError, never as a silent corrupt field', (field, line, code) => {
    const e = parse(line);
    expect(e.raw.format).toBe('unknown');
    expect(e.raw.parseError).toContain(`RFC 5424 ${field} contains the control character ${code}`);
    expect(e.raw.hostname).toBeUndefined();
    expect(e.message).toBe(line);
    expect(e.severity).toBe('notice'); // PRI still read
  });

  it('UTF-8 in a header field stays accepted', () => {
    expect(parse('<13>1 2026-05-10T10:00:00Z hôte app - - - msg')).toMatchObject({ host: 'hôte', message: 'msg' });
  });
});

describe('CEF: ArcSight keys with . [n] , do not swallow their neighbours (Logstash codec vectors)', () => {
  it('preserve_additional_fields_with_dot_notations', () => {
    const ext =
      'src=10.0.0.192 additional.dotfieldName=new_value ad.Authentification=MICROSOFT_AUTHENTICATION_PACKAGE_V1_0 ad.Error_,Code=3221225578 dst=12.121.122.82 ad.field[0]=field0 ad.name[1]=new_name';
    expect(parseExtension(ext).extensions).toEqual({
      src: '10.0.0.192',
      'additional.dotfieldName': 'new_value',
      'ad.Authentification': 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
      'ad.Error_,Code': '3221225578',
      dst: '12.121.122.82',
      'ad.field[0]': 'field0',
      'ad.name[1]': 'new_name',
    });
  });

  it('preserve_random_values_key_value_pairs_alongside_with_additional_fields', () => {
    const ext =
      'src=10.0.0.192 cs4=401 random.user Admin 0 23041A10181C0000  23041810181C0000  /CN\\=random.user/OU\\=User Login End-Entity  /CN\\=TEST/OU\\=Login CA TEST 34 additional.dotfieldName=new_value ad.Authentification=MICROSOFT_AUTHENTICATION_PACKAGE_V1_0 ad.Error_,Code=3221225578 dst=12.121.122.82 ad.field[0]=field0 ad.name[1]=new_name';
    const x = parseExtension(ext).extensions;
    expect(x.cs4).toBe('401 random.user Admin 0 23041A10181C0000  23041810181C0000  /CN=random.user/OU=User Login End-Entity  /CN=TEST/OU=Login CA TEST 34');
    expect(x.dst).toBe('12.121.122.82');
    expect(x['ad.field[0]']).toBe('field0');
  });

  it('bracketed text inside a value is not a key', () => {
    expect(parseExtension('msg=blocked [rule=5] by policy act=deny').extensions).toEqual({ msg: 'blocked [rule=5] by policy', act: 'deny' });
  });
});

describe('CEF: dtz applies to rt/start/end', () => {
  it('reads zone-less times in the device zone (IANA or fixed offset), with DST', () => {
    expect(cefTime('May 10 2026 12:00:00', 'Europe/Berlin', NOW)).toBe(Date.UTC(2026, 4, 10, 10)); // CEST = UTC+2
    expect(cefTime('Jan 10 2026 12:00:00', 'Europe/Berlin', NOW)).toBe(Date.UTC(2026, 0, 10, 11)); // CET = UTC+1
    expect(cefTime('May 10 2026 12:00:00.5', 'GMT-05:00', NOW)).toBe(Date.UTC(2026, 4, 10, 17, 0, 0, 500));
    expect(cefTime('May 10 2026 12:00:00', 'UTC', NOW)).toBe(Date.UTC(2026, 4, 10, 12));
  });

  it('a zone in the time itself wins over dtz; epoch ms ignores dtz; a date without a year takes the receive year', () => {
    expect(cefTime('May 10 2026 12:00:00 UTC', 'Europe/Berlin', NOW)).toBe(Date.UTC(2026, 4, 10, 12));
    expect(cefTime('May 10 2026 12:00:00 America/New_York', 'Europe/Berlin', NOW)).toBe(Date.UTC(2026, 4, 10, 16));
    expect(cefTime('1778414400000', 'Europe/Berlin', NOW)).toBe(1778414400000);
    expect(cefTime('May 10 11:00:00', 'UTC', NOW)).toBe(Date.UTC(2026, 4, 10, 11));
    expect(cefTime('Dec 31 23:00:00', 'UTC', NOW)).toBe(Date.UTC(2025, 11, 31, 23)); // not 7 months ahead
  });

  it('an unknown zone makes the time unreadable, not silently local', () => {
    expect(cefTime('May 10 2026 12:00:00', 'Mars/Olympus', NOW)).toBeNull();
    expect(zoneOffsetMinutes('GMT+99', NOW)).toBeNull();
    expect(zoneOffsetMinutes('Asia/Kolkata', NOW)).toBe(330);
  });

  it('end to end: rt with dtz sets the envelope timestamp; start/end too', () => {
    const e = parse('CEF:0|Acme|FW|1|1|Deny|5|rt=May 10 2026 08:30:00 dtz=America/New_York msg=x', 'cef');
    expect(e.timestamp).toBe(new Date(Date.UTC(2026, 4, 10, 12, 30)).toISOString());
    const s = parse('CEF:0|Acme|FW|1|1|Deny|5|start=May 10 2026 08:30:00 dtz=GMT+02:00 msg=x', 'cef');
    expect(s.timestamp).toBe(new Date(Date.UTC(2026, 4, 10, 6, 30)).toISOString());
  });
});

describe('CEF after a syslog prefix without <PRI>', () => {
  it('BSD timestamp + host prefix: CEF decoded, prefix kept, its time and host used', () => {
    const line = 'May 10 10:55:50 fw-relay CEF:0|Elastic|Vaporware|1.0.0-alpha|18|Web request|low|eventId=3457 msg=hello';
    for (const type of ['cef', 'syslog'] as const) {
      const e = parse(line, type);
      expect(e).toMatchObject({ severity: 'info', action: 'Web request', message: 'hello', host: 'fw-relay' });
      expect(e.timestamp).toBe(new Date(2026, 4, 10, 10, 55, 50).toISOString());
      expect(e.raw).toMatchObject({
        format: 'cef',
        cefPrefix: 'May 10 10:55:50 fw-relay ',
        hostname: 'fw-relay',
        cef: { eventId: '3457', deviceVendor: 'Elastic' },
      });
      expect(e.raw.pri).toBeUndefined(); // no PRI invented
      expect(e.raw.parseError).toBeUndefined();
    }
  });

  it("Logstash's 'Syslogdate Sysloghost CEF:0|…' vector: found, prefix kept, device host from the extension", () => {
    const e = parse(
      'Syslogdate Sysloghost CEF:0|security|threatmanager|1.0|100|trojan successfully stopped|10|src=10.0.0.192 dst=12.121.122.82 spt=1232',
      'cef',
    );
    expect(e.raw.cefPrefix).toBe('Syslogdate Sysloghost ');
    expect(e).toMatchObject({ severity: 'critical', action: 'trojan successfully stopped', host: '10.0.0.192' });
  });

  it('a line without PRI and without a CEF header is still stored unparsed', () => {
    expect(parse('hello CEF: not really').raw.parseError).toMatch(/does not start with a syslog <PRI>/);
  });
});
