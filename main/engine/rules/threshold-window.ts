import type { AlertState } from './alert-model.ts';

/** What the evaluator remembers about one counted event. */
export interface Evidence {
  id: number;
  receivedAt: number;
  ts: number;
  sourceId: string;
}

/**
 * Events held per (rule, group) at most (or N + 1 when larger). Bounds memory under heavy traffic;
 * a late event older than everything held then counts only with what is held (docs/rules.md).
 */
export const HOLD_CAP = 256;

const SCRATCH_LIST: Evidence[] = [{ id: 0, receivedAt: 0, ts: 0, sourceId: '' }];

/** The window time of an event: its timestamp, but never later than its arrival (a sender's clock ahead of ours). */
export function eventTime(ts: number, receivedAt: number): number {
  return ts < receivedAt ? ts : receivedAt;
}

/**
 * The counted events of one (threshold rule, group), on **event time** (SPEC §6 revised): a window
 * is `(x − W, x]` on the event timestamp. Events are held while they were received within the last
 * W + allowed lateness, kept sorted by event time (ties by id), so a late or backfilled event counts
 * in its own windows together with whatever else is held. Events arriving in order append in O(1);
 * a late one is inserted in place. Parallel plain arrays with a head offset (no object per event).
 */
export class ThresholdWindow {
  /** The group's active alert as last looked up (see ActiveCache in evaluator.ts). */
  cachedAlert: AlertState | undefined = undefined;
  cachedVersion = -1;
  private readonly windowMs: number;
  private readonly limit: number;
  private ids: number[] = [];
  private tss: number[] = [];
  /**
   * Receive time, own timestamp and source of each held event, by id. Kept out of the sorted
   * arrays so a late insert or a mid-array eviction moves two arrays, not five (the memmove of
   * large held sets is what an out-of-order insert costs).
   */
  private info = new Map<number, Evidence>();
  private head = 0;
  /** Arrival order of held events, as indexes are unstable: receive times ascending (events arrive in receive order). */
  private arrIds: number[] = [];
  private arrTs: number[] = [];
  private arrRecv: number[] = [];
  private arrivalHead = 0;
  /** Most events held (≥ N + 1): in-order answers stay exact; see HOLD_CAP. */
  private readonly cap: number;
  /** True while every event was appended in event-time order (enables the walk-back shortcut of `since`). */
  private ordered = true;
  /** Bounds of the window that last exceeded the threshold (indexes into the arrays, end exclusive). */
  private hitStart = 0;
  private hitEnd = 0;
  /** The last pushed event (its index) and the highest id held before it: ids grow with arrival. */
  private lastAt = -1;
  private maxIdBefore = 0;
  private maxId = 0;
  /** The last push exceeded but its first exceeding window is not located yet (index of that event, or −1). */
  private pendingAt = -1;

  constructor(thresholdCount: number, windowMs: number) {
    this.limit = thresholdCount;
    this.windowMs = windowMs;
    this.cap = Math.max(thresholdCount + 1, HOLD_CAP);
  }

  get count(): number {
    return this.ids.length - this.head;
  }

  /** Arrivals still remembered for time eviction (tests: bounded like the events held). */
  get heldArrivals(): number {
    return this.arrIds.length - this.arrivalHead;
  }

  /** First index with (time, id) ≥ (t, id). */
  private lowerBound(t: number, id: number): number {
    let lo = this.head;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const mt = this.tss[mid]!;
      if (mt < t || (mt === t && this.ids[mid]! < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index with time > t. */
  private upperTime(t: number): number {
    let lo = this.head;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tss[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Add a counted event and say whether some window containing it now holds more than the
   * threshold. `horizon` = now − W − lateness: events received before it are dropped first.
   */
  push(id: number, receivedAt: number, ts: number, sourceId: string, horizon: number): boolean {
    this.pendingAt = -1;
    this.evict(horizon);
    // At the cap the oldest by event time go first (before inserting, so the last hit's bounds stay
    // valid for `since`): an in-order stream only ever needs the N + 1 newest.
    if (this.count >= this.cap) this.dropOldest(this.count - this.cap + 1);
    const t = eventTime(ts, receivedAt);
    const n = this.ids.length;
    let at: number;
    if (n === this.head || this.tss[n - 1]! < t || (this.tss[n - 1] === t && this.ids[n - 1]! < id)) {
      at = n;
      this.ids.push(id);
      this.tss.push(t);
    } else {
      at = this.lowerBound(t, id);
      this.ids.splice(at, 0, id);
      this.tss.splice(at, 0, t);
      this.ordered = false;
    }
    this.info.set(id, { id, receivedAt, ts, sourceId });
    this.arrIds.push(id);
    this.arrTs.push(t);
    this.arrRecv.push(receivedAt);
    this.lastAt = at;
    this.maxIdBefore = this.maxId;
    if (id > this.maxId) this.maxId = id;
    if (at === n) return this.exceededAtEnd(t);
    return this.exceededAround(at);
  }

  /**
   * The appended (newest) event: the only window is the one ending at it, which holds more than N
   * events exactly when the (N+1)-th newest is inside it — O(1), the hot path of on-time traffic.
   */
  private exceededAtEnd(t: number): boolean {
    const end = this.ids.length;
    const k = end - 1 - this.limit;
    if (k < this.head || this.tss[k]! <= t - this.windowMs) return false;
    this.hitEnd = end;
    this.hitStart = -1;
    return true;
  }

  /**
   * Is there a window `(x − W, x]` containing the event at `at` with more than N events? Candidate
   * right edges are the events at or after it within W; for an in-order event only itself.
   */
  private exceededAround(at: number): boolean {
    const t = this.tss[at]!;
    const w = this.windowMs;
    const stop = this.upperTime(t + w - 1);
    const start = this.upperTime(t - w);
    // Every window containing t lies within (t − W, t + W): too few events there, no window can exceed.
    if (stop - start <= this.limit) return false;
    // The last candidate edge first: when it exceeds, the answer is known and the walk for the
    // first exceeding window (the evidence) is left to `since`, which a persisting alert never needs.
    const lastX = this.tss[stop - 1]!;
    if (lastX >= t && stop - this.upperTime(lastX - w) > this.limit) {
      this.pendingAt = at;
      return true;
    }
    return this.walk(at, start, stop);
  }

  /** Walk the candidate right edges from the event's own time; the first window over the threshold is the hit. */
  private walk(at: number, start: number, stop: number): boolean {
    const w = this.windowMs;
    let end = this.upperTime(this.tss[at]!);
    for (;;) {
      // Right edge x: the window must take every event stamped x, so `end` is past the last of them.
      const x = this.tss[end - 1]!;
      while (this.tss[start]! <= x - w) start++;
      if (end - start > this.limit) {
        this.hitStart = start;
        this.hitEnd = end;
        return true;
      }
      if (end >= stop) return false;
      // Next distinct time, walking forward (amortised O(1) per anchor).
      const next = this.tss[end]!;
      while (end < stop && this.tss[end] === next) end++;
    }
  }

  private dropOldest(n: number): void {
    for (let i = this.head; i < this.head + n; i++) this.info.delete(this.ids[i]!);
    this.head += n;
    if (this.hitStart !== -1 && this.hitStart < this.head) this.hitStart = this.head;
    if (this.hitEnd < this.head) this.hitEnd = this.head;
    // Forget the arrivals of dropped events too (the oldest arrivals, for an in-order stream).
    if (this.ordered) {
      const oldest = this.ids[this.head]!;
      while (this.arrivalHead < this.arrIds.length && this.arrIds[this.arrivalHead]! < oldest) this.arrivalHead++;
      return;
    }
    while (this.arrivalHead < this.arrIds.length) {
      const i = this.lowerBound(this.arrTs[this.arrivalHead]!, this.arrIds[this.arrivalHead]!);
      if (i < this.ids.length && this.ids[i] === this.arrIds[this.arrivalHead]) break;
      this.arrivalHead++;
    }
  }

  /** Drop events received before `horizon` (they no longer count anywhere). */
  evict(horizon: number): void {
    while (this.arrivalHead < this.arrIds.length && this.arrRecv[this.arrivalHead]! < horizon) {
      const id = this.arrIds[this.arrivalHead]!;
      const t = this.arrTs[this.arrivalHead++]!;
      const i = this.head < this.ids.length && this.ids[this.head] === id ? this.head : this.lowerBound(t, id);
      // Already dropped by the cap: nothing to remove.
      if (i >= this.ids.length || this.ids[i] !== id) continue;
      this.info.delete(id);
      if (i === this.head) this.head++;
      else {
        this.ids.splice(i, 1);
        this.tss.splice(i, 1);
      }
    }
    if (this.head > 256 && this.head * 2 > this.ids.length) this.compact();
    if (this.arrivalHead > 1024 && this.arrivalHead * 2 > this.arrIds.length) {
      this.arrIds = this.arrIds.slice(this.arrivalHead);
      this.arrTs = this.arrTs.slice(this.arrivalHead);
      this.arrRecv = this.arrRecv.slice(this.arrivalHead);
      this.arrivalHead = 0;
    }
    if (this.count === 0) this.ordered = true;
  }

  private compact(): void {
    this.ids = this.ids.slice(this.head);
    this.tss = this.tss.slice(this.head);
    this.head = 0;
  }

  /** Does the window ending at `now` (event time) still hold more than the threshold? (auto-close) */
  holdsAt(now: number, horizon: number): boolean {
    this.evict(horizon);
    const end = this.upperTime(now);
    const start = this.upperTime(now - this.windowMs);
    return end - start > this.limit;
  }

  /**
   * Events of the window that last exceeded, with an id above `afterId`, in event-time order. A
   * persisting in-order condition (one new event per call) costs O(1). Valid until the next call:
   * callers copy what they keep (AlertSink implementations do).
   */
  since(afterId: number): Evidence[] {
    // Persisting condition: everything held before the last push is counted already, and the last
    // pushed event is always inside the window that exceeded — so it is the only new evidence.
    const last = this.lastAt;
    if (afterId >= this.maxIdBefore && last >= this.head && this.ids[last]! > afterId) {
      SCRATCH_LIST[0] = this.info.get(this.ids[last]!)!;
      return SCRATCH_LIST;
    }
    if (this.pendingAt !== -1) {
      const t = this.tss[this.pendingAt]!;
      this.walk(this.pendingAt, this.upperTime(t - this.windowMs), this.upperTime(t + this.windowMs - 1));
      this.pendingAt = -1;
    }
    const e = this.hitEnd;
    if (this.hitStart === -1) this.hitStart = this.upperTime(this.tss[e - 1]! - this.windowMs);
    const s = this.hitStart;
    const out: Evidence[] = [];
    for (let i = e - 1; i >= s; i--) {
      if (this.ids[i]! <= afterId) {
        if (this.ordered) break;
        continue;
      }
      out.push(this.info.get(this.ids[i]!)!);
    }
    return out.reverse();
  }
}
