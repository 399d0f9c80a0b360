/** What the evaluator remembers about one counted event. */
export interface Evidence {
  id: number;
  receivedAt: number;
  ts: number;
  sourceId: string;
}

/**
 * The rolling window of one (threshold rule, group). A threshold only asks "are there more than N
 * events in the window?", so the window keeps at most the N+1 most recent counted events: memory per
 * group is bounded by the rule's count, not by the ingest rate.
 */
export class ThresholdWindow {
  private readonly capacity: number;
  private items: Evidence[] = [];
  private head = 0;
  private size = 0;

  constructor(thresholdCount: number) {
    this.capacity = thresholdCount + 1;
  }

  /** Add a counted event (events arrive in receive order). */
  push(e: Evidence): void {
    if (this.size < this.capacity) {
      const idx = (this.head + this.size) % this.capacity;
      if (idx === this.items.length) this.items.push(e);
      else this.items[idx] = e;
      this.size++;
    } else {
      this.items[this.head] = e;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Drop events received before `cutoff` (exclusive window start). */
  evict(cutoff: number): void {
    while (this.size > 0 && this.items[this.head]!.receivedAt < cutoff) {
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
    if (this.size === 0) {
      this.head = 0;
      this.items = [];
    }
  }

  /** True when the window holds more than the threshold (count > thresholdCount). */
  exceeded(): boolean {
    return this.size === this.capacity;
  }

  get count(): number {
    return this.size;
  }

  /** Events in the window with an id above `afterId`, oldest first. */
  since(afterId: number): Evidence[] {
    const out: Evidence[] = [];
    for (let i = 0; i < this.size; i++) {
      const e = this.items[(this.head + i) % this.capacity]!;
      if (e.id > afterId) out.push(e);
    }
    return out;
  }
}
