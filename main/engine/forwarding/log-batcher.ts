import { severityLevel } from '../../../shared/enums.ts';
import type { CommittedEvent } from '../bus.ts';
import type { Clock } from '../clock.ts';
import type { SourceDirectory } from '../context.ts';
import type { Db } from '../store/db.ts';
import { scanById } from '../store/event-store/index.ts';
import type { DeliveryStore } from './delivery-store.ts';
import type { EndpointConfig, EndpointStore } from './endpoint-store.ts';
import type { LogRange } from './log-body.ts';
import { generateWebhookId } from './signing.ts';

export interface LogBatchLimits {
  /** Events per delivery. */
  maxEvents: number;
  /** Bytes per request; enforced when the body is built (a longer range is split). */
  maxBytes: number;
  /** Widest id span one delivery may cover, so a rare source's batch never scans a flood. */
  maxSpan: number;
}

interface Open {
  range: LogRange;
  count: number;
}

/**
 * The logs stream. The 'committed' listener only checks each event against each logs endpoint's
 * filter and extends that endpoint's open batch (an id range plus the filter): no serialization,
 * no copy. A batch becomes one delivery row (one INSERT) when it holds `maxEvents`, spans
 * `maxSpan` ids, or on the periodic flush; the body is built from the events table when sent.
 * The same INSERT advances the endpoint's logs cursor, so after a crash the events of batches that
 * were still open are found again by reading past the cursor: never lost, never queued twice.
 */
export class LogBatcher {
  private readonly open = new Map<string, Open>();
  private lastSeenId = 0;
  private readonly d: {
    db: Db;
    clock: Clock;
    sources: SourceDirectory;
    endpoints: EndpointStore;
    deliveries: DeliveryStore;
    limits: LogBatchLimits;
    onQueued: () => void;
  };
  private readonly store: (ep: string, o: Open) => void;
  private readonly advance: (cursors: [string, number][]) => void;

  constructor(deps: LogBatcher['d']) {
    this.d = deps;
    this.store = deps.db.transaction((ep: string, o: Open) => {
      deps.deliveries.insert(
        { endpointId: ep, kind: 'logs', payload: null, range: o.range, eventCount: o.count, webhookId: generateWebhookId() },
        deps.clock.now(),
      );
      deps.endpoints.setCursor(ep, o.range.maxId);
    });
    this.advance = deps.db.transaction((cursors: [string, number][]) => {
      for (const [ep, c] of cursors) deps.endpoints.setCursor(ep, c);
    });
  }

  /** The 'committed' listener: per event, one filter check per logs endpoint. */
  onCommitted(events: readonly CommittedEvent[]): void {
    const last = events[events.length - 1];
    if (last && last.id > this.lastSeenId) this.lastSeenId = last.id;
    const targets = this.d.endpoints.configs().filter((c) => c.enabled && c.logs);
    if (targets.length === 0) return;
    const builtIn = this.builtInSeqs();
    for (const ep of targets) {
      for (const e of events) {
        if (wants(ep, e.sourceId, e.sourceSeq, severityLevel(e.severity), builtIn)) this.append(ep, e.id, builtIn);
      }
    }
    if (this.queuedAny) {
      this.queuedAny = false;
      this.d.onQueued();
    }
  }

  /** Store every open batch and move idle cursors up to the newest event seen. */
  flush(): void {
    for (const [ep, o] of [...this.open]) this.close(ep, o);
    if (this.queuedAny) {
      this.queuedAny = false;
      this.d.onQueued();
    }
    if (this.lastSeenId === 0) return;
    const cursors: [string, number][] = this.d.endpoints
      .configs()
      .filter((c) => c.enabled && c.logs)
      .map((c) => [c.id, this.lastSeenId]);
    if (cursors.length > 0) this.advance(cursors);
  }

  /** Forget a deleted endpoint's open batch. */
  discard(endpointId: string): void {
    this.open.delete(endpointId);
  }

  /** Store one endpoint's open batch now (before its filter changes, so the batch keeps its own). */
  flushEndpoint(endpointId: string): void {
    const o = this.open.get(endpointId);
    if (o) this.close(endpointId, o);
  }

  /**
   * After a restart: events past each logs endpoint's cursor were in batches still open when the
   * process stopped. Re-check them (ids and filter columns only) and queue them.
   */
  catchUp(): void {
    type R = { id: number; source_seq: number; severity: number; source_id: string };
    const page = (after: number): R[] => {
      const out: R[] = [];
      for (const r of scanById(this.d.db, { fromId: after + 1, limit: 5000 })) {
        // An event of a deleted source is passed over (the cursor still moves past it).
        out.push({ id: r.id, source_seq: r.source_seq, severity: r.severity, source_id: this.d.sources.bySeq(r.source_seq)?.id ?? '' });
      }
      return out;
    };
    const builtIn = this.builtInSeqs();
    for (const ep of this.d.endpoints.configs()) {
      if (!ep.enabled || !ep.logs) continue;
      let cursor = this.d.endpoints.cursor(ep.id);
      for (let rows = page(cursor); rows.length > 0; rows = page(cursor)) {
        for (const r of rows) {
          if (r.source_id !== '' && wants(ep, r.source_id, r.source_seq, r.severity, builtIn)) this.append(ep, r.id, builtIn);
          cursor = r.id;
          if (r.id > this.lastSeenId) this.lastSeenId = r.id;
        }
      }
    }
    this.flush();
  }

  private queuedAny = false;

  private builtInSeqs(): number[] {
    return this.d.sources
      .all()
      .filter((s) => s.builtIn)
      .map((s) => s.seq);
  }

  private append(ep: EndpointConfig, id: number, builtIn: number[]): void {
    let o = this.open.get(ep.id);
    if (o && id - o.range.minId >= this.d.limits.maxSpan) {
      this.close(ep.id, o);
      o = undefined;
    }
    if (!o) {
      o = { range: { minId: id, maxId: id, ...filterOf(ep, this.d.sources, builtIn) }, count: 0 };
      this.open.set(ep.id, o);
    }
    o.range.maxId = id;
    o.count++;
    if (o.count >= this.d.limits.maxEvents) this.close(ep.id, o);
  }

  private close(ep: string, o: Open): void {
    this.open.delete(ep);
    if (o.count === 0) return;
    this.store(ep, o);
    this.queuedAny = true;
  }
}

/** The endpoint's filter as stored with a batch (source ids resolved to seqs). */
function filterOf(ep: EndpointConfig, sources: SourceDirectory, builtIn: number[]): Omit<LogRange, 'minId' | 'maxId'> {
  if (ep.logSourceIds.size === 0) return { minLevel: ep.minLevel, sourceSeqs: null, excludeSeqs: builtIn };
  const seqs: number[] = [];
  for (const id of ep.logSourceIds) {
    const s = sources.byId(id);
    if (s) seqs.push(s.seq);
  }
  return { minLevel: ep.minLevel, sourceSeqs: seqs, excludeSeqs: [] };
}

/** Logs routing: level at or above minSeverity, and the source listed (empty list = every source
 * except the built-in Watchpost source, whose security events travel through `categories`). */
function wants(ep: EndpointConfig, sourceId: string, sourceSeq: number, level: number, builtIn: number[]): boolean {
  if (level < ep.minLevel) return false;
  if (ep.logSourceIds.size === 0) return !builtIn.includes(sourceSeq);
  return ep.logSourceIds.has(sourceId);
}
