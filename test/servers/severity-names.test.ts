import { describe, expect, it } from 'vitest';
import { useServerWithSource } from '../helpers/http.ts';
import { freePort, sendUdp, syslogSource, waitForEvents } from './syslog/syslog-client.ts';

const ctx = useServerWithSource();

describe('severity names shippers send map to the right level on every intake (real sockets)', () => {
  it('NDJSON: syslog-ng format-json err, rsyslog warning, fatal, panic, trace, Information and numeric syslog levels', async () => {
    // What syslog-ng `$(format-json --scope rfc5424 severity=$LEVEL)` and friends really put in the line.
    const sent: [unknown, string][] = [
      ['err', 'error'],
      ['warning', 'warn'],
      ['crit', 'critical'],
      ['alert', 'critical'],
      ['emerg', 'critical'],
      ['FATAL', 'critical'],
      ['panic', 'critical'],
      ['trace', 'debug'],
      ['Information', 'info'],
      ['informational', 'info'],
      [3, 'error'],
      ['4', 'warn'],
      [7, 'debug'],
      ['loud', 'info'],
      ['Notice', 'notice'],
    ];
    const body = sent.map(([severity], i) => JSON.stringify({ severity, message: `sevname-${i}`, host: 'web-1', program: 'nginx' })).join('\n');
    const r = await ctx.srv.ingest(ctx.key, body);
    expect(r.status).toBe(200);
    const found = await waitForEvents(ctx.srv, 'sevname', sent.length);
    const byMsg = new Map(found.map((e) => [e.message as string, e]));
    sent.forEach(([original, level], i) => {
      const e = byMsg.get(`sevname-${i}`)!;
      expect(e.severity, `severity ${JSON.stringify(original)}`).toBe(level);
      expect(e.raw.severity).toEqual(original); // raw keeps what was sent
    });
  });

  it('CEF: a device that puts a syslog keyword in the Severity field gets that level, ArcSight numbers keep their bands', async () => {
    const port = await freePort();
    await syslogSource(ctx.srv, { type: 'cef', listenPort: port, rateLimit: 100_000 });
    await sendUdp(port, [
      'CEF:0|Acme|FW|1.0|100|Blocked|err|msg=cefsev-err',
      'CEF:0|Acme|FW|1.0|100|Blocked|Warning|msg=cefsev-warning',
      'CEF:0|Acme|FW|1.0|100|Blocked|5|msg=cefsev-five',
    ]);
    const found = await waitForEvents(ctx.srv, 'cefsev', 3);
    const level = (m: string) => found.find((e) => e.message === m)?.severity;
    expect(level('cefsev-err')).toBe('error');
    expect(level('cefsev-warning')).toBe('warn');
    expect(level('cefsev-five')).toBe('warn'); // 4–6 Medium, not syslog code 5
  });
});
