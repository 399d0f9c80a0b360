import type { AlertState } from './alert-model.ts';

/** What the evaluator remembers about one counted event. */
export interface Evidence {
  id: number;
  receivedAt: number;
  ts: number;
  sourceId: string;
}

const INITIAL_SLOTS = 16;
const SCRATCH: Evidence = { id: 0, receivedAt: 0, ts: 0, sourceId: '' };
const SCRATCH_LIST = [SCRATCH];

/**
 * The rolling window of one (threshold rule, group). A threshold only asks "are there more than N
 * events in the window?", so the window keeps at most the N+1 most recent counted events: memory per
 * group is bounded by the rule's count, not by the ingest rate. Stored as parallel typed arrays in a
 * ring (no object per counted event: the hot path must not feed the garbage collector).
 */
export class ThresholdWindow {
  /** The group's active alert as last looked up (see ActiveCache in evaluator.ts). */
  cachedAlert: AlertState | undefined = undefined;
  cachedVersion = -1;
  private readonly capacity: number;
  private ids: Float64Array;
  private recv: Float64Array;
  private tss: Float64Array;
  private srcs: string[];
  private head = 0;
  private size = 0;

  constructor(thresholdCount: number) {
    this.capacity = thresholdCount + 1;
    const n = Math.min(this.capacity, INITIAL_SLOTS);
    this.ids = new Float64Array(n);
    this.recv = new Float64Array(n);
    this.tss = new Float64Array(n);
    this.srcs = new Array<string>(n);
  }

  private grow(): void {
    const n = Math.min(this.capacity, this.ids.length * 2);
    const ids = new Float64Array(n);
    const recv = new Float64Array(n);
    const tss = new Float64Array(n);
    const srcs = new Array<string>(n);
    const len = this.ids.length;
    for (let i = 0; i < this.size; i++) {
      const j = (this.head + i) % len;
      ids[i] = this.ids[j]!;
      recv[i] = this.recv[j]!;
      tss[i] = this.tss[j]!;
      srcs[i] = this.srcs[j]!;
    }
    this.ids = ids;
    this.recv = recv;
    this.tss = tss;
    this.srcs = srcs;
    this.head = 0;
  }

  /** Add a counted event (events arrive in receive order, ids ascending). */
  push(id: number, receivedAt: number, ts: number, sourceId: string): void {
    if (this.size === this.ids.length && this.size < this.capacity) this.grow();
    const len = this.ids.length;
    let idx: number;
    if (this.size < len) {
      idx = (this.head + this.size) % len;
      this.size++;
    } else {
      idx = this.head;
      this.head = (this.head + 1) % len;
    }
    this.ids[idx] = id;
    this.recv[idx] = receivedAt;
    this.tss[idx] = ts;
    this.srcs[idx] = sourceId;
  }

  /** Drop events received before `cutoff` (the window is [cutoff, now]). */
  evict(cutoff: number): void {
    const len = this.ids.length;
    while (this.size > 0 && this.recv[this.head]! < cutoff) {
      this.head = (this.head + 1) % len;
      this.size--;
    }
  }

  /** True when the window holds more than the threshold (count > thresholdCount). */
  exceeded(): boolean {
    return this.size === this.capacity;
  }

  get count(): number {
    return this.size;
  }

  /**
   * Events in the window with an id above `afterId`, oldest first. Walks back from the newest, so a
   * persisting condition (one new event per call) costs O(1), not O(window). The result is only
   * valid until the next call: callers copy what they keep (AlertSink implementations do).
   */
  since(afterId: number): Evidence[] {
    const len = this.ids.length;
    if (this.size > 0) {
      // Fast path for a persisting condition: only the newest event is new. Reuses one scratch object.
      const newest = (this.head + this.size - 1) % len;
      const before = (this.head + this.size - 2 + len) % len;
      if (this.ids[newest]! > afterId && (this.size === 1 || this.ids[before]! <= afterId)) {
        SCRATCH.id = this.ids[newest]!;
        SCRATCH.receivedAt = this.recv[newest]!;
        SCRATCH.ts = this.tss[newest]!;
        SCRATCH.sourceId = this.srcs[newest]!;
        return SCRATCH_LIST;
      }
    }
    const out: Evidence[] = [];
    for (let i = this.size - 1; i >= 0; i--) {
      const j = (this.head + i) % len;
      if (this.ids[j]! <= afterId) break;
      out.push({ id: this.ids[j]!, receivedAt: this.recv[j]!, ts: this.tss[j]!, sourceId: this.srcs[j]! });
    }
    return out.reverse();
  }
}
