import { filterClause } from '../../../shared/query/clause.ts';
import type { BlockReader } from '../store/event-store/index.ts';
import type { Search } from './search.ts';

/**
 * Warming a search thread up. V8 compiles a function to fast machine code only after it has run
 * for a while, and a page's work is a few tight loops over block columns (number unpacking,
 * dictionary codes, template texts). Measured on the Loghub store (docs/benchmarks.md "Stop 15"),
 * a fresh thread's first sparse page (`host:openssh-7`, 18 blocks) took 180–230 ms, the next ones
 * 120, 100, 70 ms, and ~30 ms from about the tenth on: an analyst's first searches of the day paid
 * for the compiler.
 *
 * So a search worker, once started, runs real queries over the store's newest blocks: a page of
 * everything, of one host, of one word of a message, of a raw path, a histogram and a top, each
 * over a window of WINDOW_BLOCKS blocks (so none reads much), stepping back a window at a time so
 * blocks are decoded rather than found in the cache. The steps are small (one query each) and the
 * worker yields to requests between them (worker.ts); it stops after `budgetMs`, or after a step
 * that took over SLOW_STEP_MS. Answers are thrown away: nothing is written, nothing else changes.
 */
export const WARM_BUDGET_MS = 1500;
const WINDOW_BLOCKS = 6;
const MAX_WINDOWS = 12;
/** Windows looked at (piled-up ones passed over) before the warm-up gives up. */
const MAX_LOOKED = 1000;

/** One warm-up query at a time, newest windows first; empty when the store has no sealed block. */
export function* warmUpSteps(search: Search, blocks: BlockReader, nowMs: number): Generator<void, void, void> {
  const newest = blocks.inWindow(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  let used = 0;
  for (let w = 0; used < MAX_WINDOWS && w < MAX_LOOKED && w * WINDOW_BLOCKS < newest.length; w++) {
    // From the group's oldest end to its newest: a block that spans days (late events sealed
    // together) must not widen every window to days.
    const group = newest.slice(w * WINDOW_BLOCKS, (w + 1) * WINDOW_BLOCKS);
    const fromMs = group.at(-1)!.maxTs - (group.length === 1 ? 60_000 : 0);
    const toMs = group[0]!.maxTs + 1;
    // Blocks piled on a few instants (a burst posted with one time stamp) put hundreds of blocks
    // in any window around them: such a window is passed over for an older one.
    if (blocks.inWindow(fromMs, toMs).length > 3 * WINDOW_BLOCKS) continue;
    used++;
    const range = { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
    const sample = quietly(() => search.search({ q: '', limit: 100, ...range }, nowMs).events) ?? [];
    yield;
    const event = sample[w % Math.max(1, sample.length)];
    if (!event) continue;
    const queries: string[] = [];
    if (event.host) queries.push(filterClause('host', event.host));
    const word = event.message?.match(/[A-Za-z]{5,}/)?.[0];
    if (word) queries.push(word);
    const raw = event.raw ?? {};
    // The raw key with the shortest value: an app name or a status, not a time stamp or an id.
    const key = Object.keys(raw)
      .filter((k) => /^[A-Za-z_][\w-]*$/.test(k) && isScalar(raw[k]))
      .sort((a, b) => String(raw[a]).length - String(raw[b]).length)[0];
    if (key) queries.push(filterClause(`raw.${key}`, String(raw[key])));
    for (const q of queries) {
      quietly(() => search.search({ q, limit: 100, ...range }, nowMs));
      yield;
    }
    quietly(() => search.histogram({ q: queries[0] ?? '', buckets: 60, ...range }, nowMs));
    yield;
    quietly(() => search.top({ q: '', field: 'host', limit: 10, ...range }, nowMs));
    yield;
    // A raw-path top of the events holding the sample's value (a key may hold unique values: a
    // top of all of them would be a long query).
    if (key) quietly(() => search.top({ q: queries.at(-1)!, field: `raw.${key}`, limit: 10, ...range }, nowMs));
    yield;
  }
}

/** A warm-up query's answer, or undefined when it failed (a value the grammar refuses, a block dropped meanwhile): warming up never fails. */
function quietly<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** A step longer than this ends the warm-up: the store is one where warming up is itself slow (blocks piled on one instant). */
const SLOW_STEP_MS = 300;

/**
 * Drives the steps: `step()` runs one and says whether to go on (steps left, under `budgetMs`,
 * and the last one was not slow). The search worker calls it once per turn of its event loop.
 */
export class WarmUp {
  steps = 0;
  private readonly start = performance.now();
  private readonly it: Iterator<void>;
  private readonly budgetMs: number;
  constructor(search: Search, blocks: BlockReader, nowMs: number, budgetMs = WARM_BUDGET_MS) {
    this.it = warmUpSteps(search, blocks, nowMs);
    this.budgetMs = budgetMs;
  }

  step(): boolean {
    const t = performance.now();
    if (this.it.next().done) return false;
    this.steps++;
    const now = performance.now();
    return now - this.start < this.budgetMs && now - t < SLOW_STEP_MS;
  }
}

/** Run the warm-up to its end in this thread (benches). Returns how many steps ran. */
export function warmUp(search: Search, blocks: BlockReader, nowMs: number, budgetMs = WARM_BUDGET_MS): number {
  const w = new WarmUp(search, blocks, nowMs, budgetMs);
  while (w.step());
  return w.steps;
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
