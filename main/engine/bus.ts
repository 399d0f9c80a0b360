import { EventEmitter } from 'node:events';
import type { StreamEvents, StreamName } from '../../shared/api.ts';
import type { Category, Outcome, Severity } from '../../shared/enums.ts';
import type { Alert, SecurityEvent } from '../../shared/types.ts';

/** One event as it was committed by ingest: what rules and forwarding see, without a re-read. */
export interface CommittedEvent {
  id: number;
  sourceSeq: number;
  sourceId: string;
  receivedAt: number;
  ts: number;
  severity: Severity;
  category: Category;
  outcome: Outcome;
  host: string | null;
  user: string | null;
  action: string | null;
  message: string | null;
  tags: string[];
  raw: Record<string, unknown>;
}

/** Internal hooks between features, plus the streams pushed to the UI. */
export interface EngineHooks {
  /** After a transaction with accepted events committed (already durable). */
  committed: CommittedEvent[];
  /** A Watchpost security event was recorded (already stored). */
  security: SecurityEvent;
  /** A rule raised a new alert: notification fan-out (desktop toast, forwarding endpoints). */
  alertRaised: { alert: Alert; notifyDesktop: boolean; endpointIds: string[] };
  /** A pull source finished a poll (its status row changed even when nothing was stored). */
  pullPolled: { sourceId: string };
}

type AllEvents = EngineHooks & StreamEvents;

/** Typed, synchronous in-process bus. Listeners must not throw; errors are caught and logged. */
export class EngineBus {
  private ee = new EventEmitter();
  constructor() {
    this.ee.setMaxListeners(100);
  }
  on<K extends keyof AllEvents>(name: K, fn: (payload: AllEvents[K]) => void): () => void {
    const wrapped = (p: AllEvents[K]) => {
      try {
        fn(p);
      } catch (err) {
        console.error(`[watchpost] listener for ${String(name)} failed:`, err);
      }
    };
    this.ee.on(name, wrapped);
    return () => this.ee.off(name, wrapped);
  }
  emit<K extends keyof AllEvents>(name: K, payload: AllEvents[K]): void {
    this.ee.emit(name, payload);
  }
  hasListeners(name: keyof AllEvents): boolean {
    return this.ee.listenerCount(name) > 0;
  }
}

export type { StreamName };
