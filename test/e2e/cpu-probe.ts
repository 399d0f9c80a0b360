/**
 * Where an e2e run's CPU goes (docs/testing.md): with WATCHPOST_E2E_CPU=<file>, the fixture appends one
 * JSON line per test with the cumulative CPU-seconds, so far, of this Playwright worker itself, of its
 * serve processes (or serve host) and of its Chromium, read from /proc (utime + stime; a reaped
 * child's time is in its parent's cutime + cstime). Off (no /proc reads) when the variable is unset.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, in ticks. */
  own: number;
  /** cutime + cstime: children already reaped, in ticks. */
  reaped: number;
}

function readStat(pid: string): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const f = text.slice(close + 2).split(' '); // f[0] is field 3 (state)
    return {
      pid: Number(pid),
      ppid: Number(f[1]),
      comm: text.slice(text.indexOf('(') + 1, close),
      own: Number(f[11]) + Number(f[12]),
      reaped: Number(f[13]) + Number(f[14]),
    };
  } catch {
    return null; // exited while the list was read
  }
}

/** What a Chromium process is (browser, renderer, gpu-process, utility, zygote), from its command line. */
function chromiumType(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/); // Chromium rewrites its argv with spaces
    return args.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
  } catch {
    return 'gone';
  }
}

/** CPU-seconds of the process tree under `root` (root excluded), live and reaped, by what each process is. */
function treeCpu(root: number): Record<string, number> {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(readStat)
    .filter((s): s is ProcStat => s !== null);
  const children = new Map<number, ProcStat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const out: Record<string, number> = {};
  const walk = (s: ProcStat, chromium: boolean): void => {
    const kind = chromium || s.comm.startsWith('chrom') ? `chromium:${chromiumType(s.pid)}` : 'serve';
    out[kind] = (out[kind] ?? 0) + (s.own + s.reaped) / CLOCK_TICKS;
    for (const c of children.get(s.pid) ?? []) walk(c, kind !== 'serve');
  };
  for (const c of children.get(root) ?? []) walk(c, false);
  return out;
}

/** Append this worker's CPU so far after the test `title` (no-op unless WATCHPOST_E2E_CPU is set). */
export function recordCpu(title: string, workerIndex: number): void {
  const file = process.env.WATCHPOST_E2E_CPU;
  if (!file) return;
  const self = readStat(String(process.pid));
  if (!self) return;
  const tree = treeCpu(process.pid);
  const chromium = Object.entries(tree)
    .filter(([k]) => k.startsWith('chromium'))
    .reduce((t, [, v]) => t + v, 0);
  // Reaped children of the worker are serve processes or hosts (Chromium lives until the worker ends).
  const line = { title, workerIndex, worker: self.own / CLOCK_TICKS, serve: (tree.serve ?? 0) + self.reaped / CLOCK_TICKS, chromium, tree, at: Date.now() };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}
