import { join } from 'node:path';

/** Benches are configured by environment variables (each bench's header lists them). */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got ${JSON.stringify(raw)}`);
  return n;
}

/** Where a bench keeps its store: BENCH_DIR, else bench/.data/<name> in the repository. */
export function benchDataDir(name: string): string {
  return process.env.BENCH_DIR ?? join(import.meta.dirname, '..', '.data', name);
}

/** Whole numbers with thousands separators, the way every bench prints its figures. */
export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export const DAY = 86_400_000;
