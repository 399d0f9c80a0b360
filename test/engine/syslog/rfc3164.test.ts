import { describe, expect, it } from 'vitest';
import { syslogLineToEvent } from '../../../main/engine/syslog/to-event.ts';
import { bsdTimestamp } from '../../../main/engine/syslog/rfc3164.ts';
import { mapped } from './mapped-event.ts';

// Received on 10 May 2026, noon local time: BSD timestamps take this year and the local zone.
const NOW = new Date(2026, 4, 10, 12, 0, 0).getTime();
const parse = (line: string, now = NOW) =>
  mapped(syslogLineToEvent(line, { sourceType: 'syslog', receivedAt: now, peerAddress: '198.51.100.7', transport: 'tcp' }));
const local = (...a: [number, number, number, number, number, number, number?]) => new Date(a[0], a[1], a[2], a[3], a[4], a[5], a[6] ?? 0).toISOString();

describe('RFC 3164 (BSD syslog)', () => {
  it('maps the RFC example: host, TAG as action, MSG, auth facility', () => {
    const e = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    expect(e).toMatchObject({
      timestamp: local(2025, 9, 11, 22, 14, 15),
      severity: 'critical',
      category: 'auth',
      host: 'mymachine',
      action: 'su',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    expect(e.raw).toMatchObject({ format: 'rfc3164', pri: 34, facility: 4, syslogTimestamp: 'Oct 11 22:14:15', hostname: 'mymachine', appName: 'su' });
    expect(e.raw.procId).toBeUndefined();
    expect(e.raw.parseError).toBeUndefined();
  });

  it.each([
    [
      'TAG with PID',
      '<38>May  9 08:01:02 web-1 sshd[4242]: Accepted publickey for bob',
      { host: 'web-1', action: 'sshd', message: 'Accepted publickey for bob', timestamp: local(2026, 4, 9, 8, 1, 2), severity: 'info', category: 'auth' },
      { procId: '4242' },
    ],
    [
      'missing HOSTNAME: host falls back to the sender address',
      '<13>May 10 11:59:00 su: hello there',
      { host: '198.51.100.7', action: 'su', message: 'hello there', severity: 'notice', category: 'system' },
      { hostname: undefined },
    ],
    ['missing HOSTNAME with PID', '<13>May 10 11:59:00 cron[77]: job done', { host: '198.51.100.7', action: 'cron', message: 'job done' }, { procId: '77' }],
    ['no TAG at all', '<13>May 10 11:59:00 router1 link down on ge-0/0/1', { host: 'router1', message: 'link down on ge-0/0/1' }, { appName: undefined }],
    [
      'milliseconds and a year (Cisco style)',
      '<189>Mar  1 2026 18:48:50.483 sw1 %LINK-3-UPDOWN: Interface up',
      { host: 'sw1', action: '%LINK-3-UPDOWN', timestamp: local(2026, 2, 1, 18, 48, 50, 483), severity: 'notice' },
      {},
    ],
    [
      'RFC 3339 timestamp (rsyslog high precision)',
      '<30>2026-05-10T09:00:00.123456+02:00 db1 postgres[9]: checkpoint',
      { host: 'db1', action: 'postgres', timestamp: '2026-05-10T07:00:00.123Z', message: 'checkpoint' },
      {},
    ],
    [
      'no TIMESTAMP: no HOSTNAME either (RFC 3164 §4.3.2)',
      '<14>kernel: eth0 up',
      { host: '198.51.100.7', action: 'kernel', message: 'eth0 up' },
      { syslogTimestamp: undefined, hostname: undefined },
    ],
    ['no TIMESTAMP, bare text', '<14>just some text', { message: 'just some text', host: '198.51.100.7' }, { appName: undefined }],
    [
      'lower-case month, dotted TAG',
      '<22>may 10 10:00:00 mx1 postfix/smtpd[5]: connect from x',
      { host: 'mx1', action: 'postfix/smtpd', message: 'connect from x' },
      { procId: '5' },
    ],
  ])('%s', (_name, line, env, raw) => {
    const e = parse(line);
    expect(e).toMatchObject(env);
    for (const [k, v] of Object.entries(raw)) expect(e.raw[k]).toBe(v);
    expect(e.raw.parseError).toBeUndefined();
    if (!('timestamp' in env) && !e.raw.syslogTimestamp) expect(e.timestamp).toBeUndefined();
  });

  it('a Dec 31 message read on Jan 1 belongs to last year', () => {
    const jan1 = new Date(2027, 0, 1, 0, 0, 30).getTime();
    expect(parse('<13>Dec 31 23:59:59 h app: x', jan1).timestamp).toBe(local(2026, 11, 31, 23, 59, 59));
    expect(bsdTimestamp(0, 1, 0, 0, 10, 0, null, jan1)).toBe(new Date(2027, 0, 1, 0, 0, 10).getTime());
  });

  it('an impossible date keeps the event, uses the ingestion time and says why', () => {
    const e = parse('<13>Feb 30 10:00:00 h app: x');
    expect(e).toMatchObject({ host: 'h', action: 'app', message: 'x' });
    expect(e.timestamp).toBeUndefined();
    expect(e.raw.parseError).toMatch(/not a valid date/);
  });

  it('no PRI: stored whole with parseError, host from the sender', () => {
    const line = 'Oct 11 22:14:15 mymachine su: no pri here';
    const e = parse(line);
    expect(e).toMatchObject({ message: line, host: '198.51.100.7' });
    expect(e.severity).toBeUndefined(); // the envelope default (info) applies
    expect(e.raw).toMatchObject({ format: 'unknown', line });
    expect(e.raw.parseError).toMatch(/<PRI>/);
  });

  it.each(['<192>Oct 11 22:14:15 h x', '<01>Oct 11 22:14:15 h x', '<>x', '<1234>x'])('rejects an invalid PRI %s', (line) => {
    expect(parse(line).raw.parseError).toMatch(/<PRI>/);
  });
});
