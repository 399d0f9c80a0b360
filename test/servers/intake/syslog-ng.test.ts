/**
 * syslog-ng, unchanged, as a shipper: its own process reads syslog lines from a TCP port and sends them
 * with its http() destination to HEC and to native /v1/ingest on a real server, using the destinations
 * docs/intake.md shows (read from the doc). Needs the Debian packages syslog-ng-core and syslog-ng-mod-http.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../helpers/http.ts';
import type { WatchpostEvent } from '../../../shared/types.ts';
import { baseUrl, freePort, searchUntil, useIntakeServer } from './intake-helpers.ts';

const PACKAGES = 'apt-get install -y syslog-ng-core syslog-ng-mod-http';
/** Debian puts it in /usr/sbin, which a normal user's PATH often lacks. */
const BIN = existsSync('/usr/sbin/syslog-ng') ? '/usr/sbin/syslog-ng' : 'syslog-ng';

let srv: TestServer;
let key: string;
let daemon: ChildProcess | undefined;
let dir: string | undefined;
let inPort = 0;
let stderr = '';

useIntakeServer((s, k) => {
  srv = s;
  key = k;
});

/** The config version syslog-ng wants in `@version` (major.minor of the installed release); fails clearly when absent. */
function syslogNgVersion(): string {
  const v = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
  if (v.error || v.status !== 0) throw new Error(`syslog-ng is not installed (${v.error?.message ?? v.stderr}); install it: ${PACKAGES}`);
  const m = /Installer-Version:\s*(\d+\.\d+)/.exec(v.stdout) ?? /\((\d+\.\d+)/.exec(v.stdout);
  if (!m) throw new Error(`cannot read the syslog-ng version from: ${v.stdout}`);
  return m[1]!;
}

/** The two destinations exactly as docs/intake.md shows them (its "### syslog-ng" snippet), pointed at this server. */
function docDestinations(url: string): string {
  const doc = readFileSync(new URL('../../../docs/intake.md', import.meta.url), 'utf8');
  const block = /### syslog-ng\n[\s\S]*?```\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block?.includes('d_watchpost_hec') || !block.includes('d_watchpost_native'))
    throw new Error('docs/intake.md: no syslog-ng snippet with d_watchpost_hec and d_watchpost_native');
  return block.replaceAll('http://WATCHPOST:9470', url).replaceAll('wpk_REPLACE', key);
}

/** The syslog-ng config: TCP syslog in; `sng-hec-*` lines to the HEC destination, `sng-native-*` lines to /v1/ingest. */
function config(version: string, url: string): string {
  return `@version: ${version}
options { keep-hostname(yes); use-dns(no); stats-freq(0); };
source s_in { network(ip("127.0.0.1") port(${inPort}) transport("tcp")); };
filter f_hec { message("sng-hec-"); };
filter f_native { message("sng-native-"); };
${docDestinations(url)}
log { source(s_in); filter(f_hec); destination(d_watchpost_hec); };
log { source(s_in); filter(f_native); destination(d_watchpost_native); };
`;
}

/** Resolves once syslog-ng accepts TCP connections on its source port; rejects if it exits first. */
async function waitListening(ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (daemon?.exitCode !== null) throw new Error(`syslog-ng exited with ${daemon?.exitCode}: ${stderr}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(inPort, '127.0.0.1', () => s.end(() => resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`syslog-ng did not listen on 127.0.0.1:${inPort}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Writes RFC 3164 lines (with an ISO timestamp, which syslog-ng reads) into syslog-ng's TCP source. */
async function writeLines(lines: string[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const s = connect(inPort, '127.0.0.1', () => s.end(lines.map((l) => `${l}\n`).join(''), () => resolve()));
    s.on('error', reject);
  });
}

beforeAll(async () => {
  const version = syslogNgVersion();
  dir = mkdtempSync(join(tmpdir(), 'wp-syslog-ng-'));
  inPort = await freePort();
  const conf = join(dir, 'syslog-ng.conf');
  writeFileSync(conf, config(version, baseUrl(srv)));
  const check = spawnSync(BIN, ['--syntax-only', '-f', conf], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`syslog-ng refused the config (is syslog-ng-mod-http installed? ${PACKAGES}): ${check.stderr}`);
  const args = ['-F', '-e', '--no-caps', '-f', conf, '--persist-file', join(dir, 'persist'), '--pidfile', join(dir, 'pid'), '--control', join(dir, 'ctl')];
  daemon = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  daemon.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  await waitListening(30_000);
}, 60_000);

afterAll(async () => {
  const d = daemon;
  if (d && d.exitCode === null) {
    const exited = new Promise((r) => d.once('exit', r));
    d.kill('SIGTERM');
    const timer = setTimeout(() => d.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** Three severities (user facility: <11> err, <12> warning, <14> info) from two hosts, then a sentinel. */
function lines(tag: string): string[] {
  return [
    `<11>2026-11-29T12:00:01+00:00 web-7 nginx[101]: ${tag}-1 upstream timed out`,
    `<12>2026-11-29T12:00:02+00:00 web-7 nginx[101]: ${tag}-2 slow response`,
    `<14>2026-11-29T12:00:03+00:00 db-2 postgres[7]: ${tag}-3 checkpoint complete`,
  ];
}

const expected = [
  { n: 1, message: 'upstream timed out', host: 'web-7', severity: 'error', timestamp: '2026-11-29T12:00:01.000Z', program: 'nginx' },
  { n: 2, message: 'slow response', host: 'web-7', severity: 'warn', timestamp: '2026-11-29T12:00:02.000Z', program: 'nginx' },
  { n: 3, message: 'checkpoint complete', host: 'db-2', severity: 'info', timestamp: '2026-11-29T12:00:03.000Z', program: 'postgres' },
];

/**
 * Sends the lines, then a last one; once that arrives, syslog-ng (one worker, in order) has sent everything
 * before it, so the count is final: each line stored exactly once. Returns the stored line events by number.
 */
async function deliver(tag: string): Promise<Map<number, WatchpostEvent>> {
  await writeLines(lines(tag));
  await writeLines([`<14>2026-11-29T12:00:04+00:00 web-7 nginx[101]: ${tag}-end`]);
  await searchUntil(srv, `${tag}-end`, 1, 60_000);
  const found = await searchUntil(srv, `${tag}-`, 4, 60_000);
  const byLine = new Map<number, WatchpostEvent>();
  for (const x of expected) {
    const matching = found.filter((e) => e.message?.startsWith(`${tag}-${x.n} `));
    expect(matching).toHaveLength(1);
    expect(matching[0]).toMatchObject({ message: `${tag}-${x.n} ${x.message}`, host: x.host, severity: x.severity, timestamp: x.timestamp });
    byLine.set(x.n, matching[0]!);
  }
  return byLine;
}

describe('syslog-ng http() destination', () => {
  it('to HEC (/services/collector/event, Authorization: Splunk): each line once, with message, host, severity (err → error)', async () => {
    const byLine = await deliver('sng-hec');
    for (const x of expected) expect(byLine.get(x.n)!.raw).toMatchObject({ sourcetype: 'syslog', event: { program: x.program } });
    expect(byLine.get(1)!.raw).toMatchObject({ event: { severity: 'err' } });
  }, 120_000);

  it('to native /v1/ingest (NDJSON, X-DF-Source-Key): each line once, with message, host, severity (err → error), action', async () => {
    const byLine = await deliver('sng-native');
    for (const x of expected) expect(byLine.get(x.n)).toMatchObject({ action: x.program });
    expect(byLine.get(1)!.raw).toMatchObject({ severity: 'err' });
  }, 120_000);
});
