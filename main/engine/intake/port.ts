/**
 * What the intake routes and GELF sockets (main/servers) need from the engine: the gate (keys, rate
 * limit, commit — the native ingest service's own), a batching GELF intake, the `gelf` sources that
 * want a port, and a signal when sources change.
 */
import type { Clock } from '../clock.ts';
import type { SourceDirectory } from '../context.ts';
import type { IngestService } from '../ingest/service.ts';
import type { IngestResult } from '../ingest/refusal.ts';
import type { EventWriter } from '../ingest/writer.ts';
import type { Db } from '../store/db.ts';
import { GelfIntake, gelfListenerSpecs } from './gelf-intake.ts';
import type { GelfListenerSpec } from './gelf-intake.ts';
import type { IntakeGate, Refusal, RefusalReason } from './pipeline.ts';

export interface IntakePort {
  readonly gate: IntakeGate;
  createGelfIntake(): GelfIntake;
  gelfListenerSpecs(): GelfListenerSpec[];
  /** Called after every source change; returns the unsubscribe. */
  onSourcesChange(fn: () => void): () => void;
}

const REASONS = new Set<RefusalReason>(['missing_key', 'invalid_key', 'source_inactive', 'rate_limited', 'store_unavailable']);

/** The ingest service's refusal as the pipeline's (reason, message, Retry-After). */
function asRefusal(r: IngestResult): Refusal {
  const code = (r.body.errors[0]?.code ?? 'internal') as RefusalReason;
  const out: Refusal = { ok: false, reason: REASONS.has(code) ? code : 'internal', message: r.body.error ?? 'refused' };
  if (r.retryAfterSec !== undefined) out.retryAfterSec = r.retryAfterSec;
  return out;
}

export function createIntakePort(d: { db: Db; sources: SourceDirectory; clock: Clock; service: IngestService; writer: EventWriter }): IntakePort {
  const gate: IntakeGate = {
    authenticate(key, ipAddress) {
      const r = d.service.authenticate({ key, ipAddress });
      return 'status' in r ? asRefusal(r) : r;
    },
    async store(source, events, req) {
      const r = await d.service.store(source, events, req);
      return Array.isArray(r) ? r : asRefusal(r);
    },
    countRejected: (source, n) => d.writer.countRefused(source.seq, n, 0),
    now: () => d.clock.now(),
  };
  return {
    gate,
    createGelfIntake: () => new GelfIntake({ limiter: d.service.limiter, writer: d.writer, sources: d.sources, clock: d.clock }),
    gelfListenerSpecs: () => gelfListenerSpecs(d.db, d.sources),
    onSourcesChange: (fn) => d.sources.onChange(fn),
  };
}
