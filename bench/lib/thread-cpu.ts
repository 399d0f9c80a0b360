import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far by this process's threads, summed per thread name (/proc, Linux only; empty elsewhere). */
export function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const t of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // fields 14 and 15 (utime, stime) in clock ticks; after ')' the first field is field 3
      const secs = (Number(f[11]) + Number(f[12])) / 100;
      out.set(name, (out.get(name) ?? 0) + secs);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** CPU seconds per thread name used between two threadCpu() readings (threads that ended meanwhile are lost). */
export function cpuSince(before: Map<string, number>, after = threadCpu()): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, secs] of after) out[name] = Math.max(0, secs - (before.get(name) ?? 0));
  return out;
}

/** This thread's CPU time in ms (user + system): on a shared, loaded machine wall time mostly measures the queue. */
export function cpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}
