import { severityLevel } from '../../../shared/enums.ts';
import type { CommittedEvent } from '../bus.ts';
import type { Clock } from '../clock.ts';
import type { SourceDirectory } from '../context.ts';
import { EVENT_ROW_COLUMNS, rowToEvent } from '../events/row.ts';
import type { EventRow } from '../events/row.ts';
import type { Db } from '../store/db.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type { EndpointConfig, EndpointStore } from './endpoint-store.ts';
import { logEventJson } from './payload.ts';
import { generateWebhookId } from './signing.ts';

export interface LogBatchLimits {
  maxEvents: number;
  maxBytes: number;
}

interface Buffer_ {
  items: string[];
  bytes: number;
  maxId: number;
}

/**
 * The logs stream: committed events are filtered per endpoint and appended to an in-memory batch
 * (the 'committed' listener does nothing slower than that, plus one INSERT when a batch fills).
 * A batch becomes one delivery at `maxEvents` / `maxBytes` or on the periodic flush. Each insert
 * also advances the endpoint's logs cursor in the same transaction, so after a crash the events
 * that were only in memory are re-read from the events table — never lost, never queued twice.
 */
export class LogBatcher {
  private readonly buffers = new Map<string, Buffer_>();
  private lastSeenId = 0;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly sources: SourceDirectory;
  private readonly endpoints: EndpointStore;
  private readonly deliveries: DeliveryStore;
  private readonly limits: LogBatchLimits;
  private readonly onQueued: () => void;
  private readonly insertBatch: (ep: string, payload: string, count: number, cursor: number) => void;
  private readonly advance: (cursors: [string, number][]) => void;

  constructor(deps: { db: Db; clock: Clock; sources: SourceDirectory; endpoints: EndpointStore; deliveries: DeliveryStore; limits: LogBatchLimits; onQueued: () => void }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.sources = deps.sources;
    this.endpoints = deps.endpoints;
    this.deliveries = deps.deliveries;
    this.limits = deps.limits;
    this.onQueued = deps.onQueued;
    this.insertBatch = this.db.transaction((ep: string, payload: string, count: number, cursor: number) => {
      this.deliveries.insert({ endpointId: ep, kind: 'logs', payload, eventCount: count, webhookId: generateWebhookId() }, this.clock.now());
      this.endpoints.setCursor(ep, cursor);
    });
    this.advance = this.db.transaction((cursors: [string, number][]) => {
      for (const [ep, c] of cursors) this.endpoints.setCursor(ep, c);
    });
  }

  /** The 'committed' listener. */
  onCommitted(events: readonly CommittedEvent[]): void {
    const targets = this.endpoints.configs().filter((c) => c.enabled && c.logs);
    const last = events[events.length - 1];
    if (last && last.id > this.lastSeenId) this.lastSeenId = last.id;
    if (targets.length === 0) return;
    for (const e of events) {
      let json: string | null = null;
      const src = this.sources.byId(e.sourceId);
      for (const ep of targets) {
        if (!wants(ep, e.sourceId, severityLevel(e.severity), src?.builtIn ?? false)) continue;
        json ??= logEventJson(e, src?.name ?? e.sourceId);
        this.append(ep.id, json, e.id);
      }
    }
  }

  /** Turn every non-empty batch into a delivery and move idle cursors up to the newest event seen. */
  flush(): void {
    for (const [ep, b] of this.buffers) if (b.items.length > 0) this.emit(ep, b);
    if (this.lastSeenId > 0) {
      const cursors: [string, number][] = this.endpoints.configs().filter((c) => c.enabled && c.logs).map((c) => [c.id, this.lastSeenId]);
      if (cursors.length > 0) this.advance(cursors);
    }
  }

  /** Forget a deleted or disabled endpoint's unsent batch. */
  discard(endpointId: string): void {
    this.buffers.delete(endpointId);
  }

  /**
   * After a restart: re-read events newer than each logs endpoint's cursor (those that were still
   * in memory when the process stopped) and queue them. Bounded by what one flush interval holds.
   */
  catchUp(): number {
    let queued = 0;
    for (const ep of this.endpoints.configs()) {
      if (!ep.enabled || !ep.logs) continue;
      let cursor = this.endpoints.cursor(ep.id);
      const stmt = this.db.prepare(`SELECT ${EVENT_ROW_COLUMNS} FROM events e JOIN sources s ON s.seq = e.source_seq WHERE e.id > ? ORDER BY e.id LIMIT 1000`);
      for (;;) {
        const rows = stmt.all(cursor) as EventRow[];
        if (rows.length === 0) break;
        for (const r of rows) {
          const src = this.sources.byId(r.source_id);
          const ev = rowToEvent(r);
          if (wants(ep, r.source_id, r.severity, src?.builtIn ?? false)) {
            this.append(ep.id, JSON.stringify(ev), r.id);
            queued++;
          }
          cursor = r.id;
          if (r.id > this.lastSeenId) this.lastSeenId = r.id;
        }
      }
    }
    this.flush();
    return queued;
  }

  private append(ep: string, json: string, id: number): void {
    let b = this.buffers.get(ep);
    if (!b) this.buffers.set(ep, (b = { items: [], bytes: 2, maxId: 0 }));
    const size = Buffer.byteLength(json) + 1;
    if (b.items.length > 0 && b.bytes + size > this.limits.maxBytes) this.emit(ep, b);
    b.items.push(json);
    b.bytes += size;
    b.maxId = id;
    if (b.items.length >= this.limits.maxEvents || b.bytes >= this.limits.maxBytes) this.emit(ep, b);
  }

  private emit(ep: string, b: Buffer_): void {
    const payload = `[${b.items.join(',')}]`;
    this.insertBatch(ep, payload, b.items.length, b.maxId);
    b.items = [];
    b.bytes = 2;
    this.onQueued();
  }
}

/** Logs routing: level at or above minSeverity, and the source listed (empty list = every source
 * except the built-in Watchpost source, whose security events travel through `categories`). */
function wants(ep: EndpointConfig, sourceId: string, level: number, builtIn: boolean): boolean {
  if (level < ep.minLevel) return false;
  if (ep.logSourceIds.size === 0) return !builtIn;
  return ep.logSourceIds.has(sourceId);
}
