/**
 * The second benchmark corpus (issue 9): less repetitive real-world text. Events are lines of the
 * 16 Loghub samples (../shared/data/loghub/, https://github.com/logpai/loghub) with their variable
 * parts drawn anew for every event, so ids, addresses and numbers rarely repeat: IPv4 addresses,
 * HDFS block ids, UUIDs, hex ids of 8+ digits and numbers of 3+ digits get fresh random values of
 * the same shape. What stays is each system's real wording, paths, class names and stack frames.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'loghub');

interface System {
  name: string;
  lines: string[];
}

let systems: System[] | null = null;

/** The 16 systems' lines (read once). */
function loaded(): System[] {
  systems ??= readdirSync(DIR)
    .filter((f) => f.endsWith('_2k.log'))
    .sort()
    .map((f) => ({
      name: f.replace('_2k.log', ''),
      lines: readFileSync(join(DIR, f), 'utf8')
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l !== ''),
    }));
  return systems;
}

const VARIABLE =
  /\b\d{1,3}(?:\.\d{1,3}){3}\b|blk_-?\d+|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b|\b\d{3,}\b/g;
const HEX = '0123456789abcdef';

function digits(r: () => number, n: number): string {
  let s = String(1 + Math.floor(r() * 9));
  for (let i = 1; i < n; i++) s += Math.floor(r() * 10);
  return s;
}
function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[Math.floor(r() * 16)];
  return s;
}

/** A fresh value of the same shape as `v` (an address, a block id, a UUID, a hex id or a number). */
function redraw(r: () => number, v: string): string {
  if (v.includes('.')) return Array.from({ length: 4 }, () => Math.floor(r() * 256)).join('.');
  if (v.startsWith('blk_')) return `blk_${r() < 0.5 ? '-' : ''}${digits(r, 19)}`;
  if (v.includes('-')) return v.replace(/[0-9a-f]/g, () => HEX[Math.floor(r() * 16)]!);
  if (/[a-f]/.test(v)) return hex(r, v.length);
  return digits(r, v.length);
}

const SEVERITY: [RegExp, string][] = [
  [/\b(FATAL|CRITICAL|PANIC)\b/i, 'critical'],
  [/\b(ERROR|SEVERE|FAILURE|failed)\b|\b E \b/i, 'error'],
  [/\b(WARN|WARNING)\b|\b W \b/, 'warn'],
  [/\b(DEBUG|TRACE)\b|\b[DV] \b/, 'debug'],
];

/** One event of the corpus, stamped `ts`: a real line of a random system with its variable parts drawn anew. */
export function makeLoghubEvent(r: () => number, ts: number): Record<string, unknown> {
  const all = loaded();
  const sys = all[Math.floor(r() * all.length)]!;
  const line = sys.lines[Math.floor(r() * sys.lines.length)]!.replace(VARIABLE, (v) => redraw(r, v));
  const severity = SEVERITY.find(([re]) => re.test(line))?.[1] ?? 'info';
  return {
    timestamp: new Date(ts).toISOString(),
    severity,
    host: `${sys.name.toLowerCase()}-${Math.floor(r() * 40)}`,
    app: sys.name,
    pid: Math.floor(r() * 65_536),
    message: line,
  };
}
