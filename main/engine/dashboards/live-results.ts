/**
 * Cost-bounded live refresh. A dashboard left open refreshes every few seconds while events pour
 * in; on a big store one evaluation can cost seconds of search-worker time, which ingest needs.
 * For a `live` refresh, a panel evaluated recently compared with what that evaluation cost is
 * answered from it: a panel that took T ms is recomputed at most once every T / SHARE ms, so
 * dashboards use at most about SHARE of the time however often clients poll. Identical live
 * requests in flight share one evaluation. Explicit loads always compute afresh.
 */
import type { PanelResult } from '../../../shared/types.ts';

/** The share of time live dashboards may take. */
const SHARE = 0.1;
/** Remembered results (one per panel, filter set and range text); the oldest go first. */
const MAX_ENTRIES = 500;

interface Entry {
  result: PanelResult;
  finishedAt: number;
  tookMs: number;
}

export class LiveResults {
  private readonly done = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<PanelResult>>();
  private readonly nowMs: () => number;

  /** `nowMs`: a monotonic clock for the cost budget (not the engine clock, which tests hold still). */
  constructor(nowMs: () => number = () => performance.now()) {
    this.nowMs = nowMs;
  }

  /** The panel's result: computed now, or for a `live` refresh possibly the last one (see above). */
  async get(key: string, live: boolean, compute: () => Promise<PanelResult>): Promise<PanelResult> {
    if (live) {
      const last = this.done.get(key);
      if (last && this.nowMs() - last.finishedAt < last.tookMs * (1 / SHARE - 1)) return last.result;
      const inFlight = this.running.get(key);
      if (inFlight !== undefined) return inFlight;
    }
    const started = this.nowMs();
    const run = compute();
    if (live) this.running.set(key, run);
    try {
      const result = await run;
      const finishedAt = this.nowMs();
      this.done.delete(key);
      this.done.set(key, { result, finishedAt, tookMs: finishedAt - started });
      if (this.done.size > MAX_ENTRIES) this.done.delete(this.done.keys().next().value!);
      return result;
    } finally {
      if (this.running.get(key) === run) this.running.delete(key);
    }
  }
}
