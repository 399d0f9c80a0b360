/**
 * An in-memory engine behind the renderer client for Log Viewer store tests: real cursor paging
 * over a list of events (newest first), a histogram, field counts and top values from the same list,
 * scripted failures (`failNext`), and an 'events' stream to push.
 * Every call is recorded so tests can assert what the store asked for (and what it did not).
 */
import { createClient } from '../../../renderer/src/client.ts';
import type { Transport, WatchpostClient } from '../../../renderer/src/client.ts';
import type { ApiResponse } from '../../../shared/errors.ts';
import type { SearchInput } from '../../../shared/api.ts';
import { SEVERITIES } from '../../../shared/enums.ts';
import type { Severity } from '../../../shared/enums.ts';
import type { WatchpostEvent } from '../../../shared/types.ts';

export interface RecordedCall {
  method: string;
  input: Record<string, unknown>;
}

export function makeEvent(i: number, atMs: number, extra: Partial<WatchpostEvent> = {}): WatchpostEvent {
  const severity: Severity = SEVERITIES[i % SEVERITIES.length]!;
  return {
    id: String(i),
    sourceId: 'ls_web',
    sourceName: 'web',
    receivedAt: new Date(atMs).toISOString(),
    timestamp: new Date(atMs).toISOString(),
    severity,
    category: 'app',
    host: `web-0${i % 3}`,
    user: `user${i % 5}@example.com`,
    action: i % 2 ? 'login' : 'logout',
    outcome: i % 4 === 0 ? 'failure' : 'success',
    message: `event number ${i}`,
    tags: [],
    raw: { seq: i, request: { path: `/api/${i % 7}`, status: 200 + (i % 3) } },
    ...extra,
  };
}

function matches(e: WatchpostEvent, q: string): boolean {
  if (!q) return true;
  return q.split(/\s+/).every((term) =>
    JSON.stringify(e)
      .toLowerCase()
      .includes(
        term
          .replace(/^\w+:=?/, '')
          .replace(/"/g, '')
          .toLowerCase(),
      ),
  );
}

export class MemoryEngine {
  events: WatchpostEvent[] = [];
  calls: RecordedCall[] = [];
  listeners = new Map<string, Set<(p: unknown) => void>>();
  /** When set, calls wait for this promise (lets tests interleave responses). */
  gate: Promise<void> | null = null;
  failNext: { code: 'INTERNAL' | 'VALIDATION_ERROR'; message: string; details?: unknown } | null = null;

  /** Events newest first, as the API returns them. */
  add(events: WatchpostEvent[]): void {
    this.events = [...events, ...this.events].sort((a, b) => b.timestamp.localeCompare(a.timestamp) || Number(b.id) - Number(a.id));
  }

  push(stream: string, payload: unknown): void {
    for (const l of this.listeners.get(stream) ?? []) l(payload);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private inRange(input: SearchInput): WatchpostEvent[] {
    const from = input.from ? Date.parse(input.from) : -Infinity;
    const to = input.to ? Date.parse(input.to) : Infinity;
    return this.events.filter((e) => {
      const t = Date.parse(e.timestamp);
      return t >= from && t <= to && matches(e, input.q ?? '');
    });
  }

  private handle(method: string, input: Record<string, unknown>): ApiResponse<unknown> {
    if (this.failNext) {
      const f = this.failNext;
      this.failNext = null;
      return { success: false, error: { code: f.code, message: f.message, details: f.details } };
    }
    if (method === 'events.search') {
      const all = this.inRange(input as SearchInput);
      const start = input.cursor ? Number(String(input.cursor).slice(2)) : 0;
      const limit = Number(input.limit ?? 100);
      const events = all.slice(start, start + limit);
      const next = start + limit < all.length ? `c:${start + limit}` : null;
      return { success: true, data: { events, nextCursor: next } };
    }
    if (method === 'events.get') {
      const e = this.events.find((x) => x.id === input.id);
      return e ? { success: true, data: e } : { success: false, error: { code: 'NOT_FOUND', message: `event ${String(input.id)} not found` } };
    }
    if (method === 'events.histogram') {
      const all = this.inRange(input as SearchInput);
      const counts = Object.fromEntries(SEVERITIES.map((s) => [s, all.filter((e) => e.severity === s).length]));
      return { success: true, data: { buckets: [{ start: input.from, end: input.to, counts }] } };
    }
    if (method === 'events.fields') {
      const all = this.inRange(input as SearchInput);
      return {
        success: true,
        data: {
          fields: [
            { path: 'raw.request.path', count: all.length },
            { path: 'raw.seq', count: all.length },
          ],
        },
      };
    }
    if (method === 'events.top') {
      const counts = new Map<string, number>();
      let total = 0;
      for (const e of this.inRange(input as SearchInput)) {
        let v: unknown = e.raw;
        for (const k of String(input.field).split('.').slice(1)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
        if (v === undefined) continue;
        total++;
        counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      }
      const values = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      return { success: true, data: { field: input.field, total, values } };
    }
    return { success: false, error: { code: 'NOT_FOUND', message: `no method ${method}` } };
  }

  transport(): Transport {
    return {
      call: async (method, input) => {
        this.calls.push({ method, input: { ...(input as Record<string, unknown>) } });
        if (this.gate !== null) await this.gate;
        await Promise.resolve();
        return this.handle(method, (input ?? {}) as Record<string, unknown>);
      },
      subscribe: (stream, listener) => {
        let set = this.listeners.get(stream);
        if (!set) this.listeners.set(stream, (set = new Set()));
        set.add(listener);
        return () => set.delete(listener);
      },
    };
  }

  client(): WatchpostClient {
    return createClient(this.transport());
  }
}

/** A Map-backed stand-in for localStorage. */
export function memoryStorage(): { getItem(k: string): string | null; setItem(k: string, v: string): void; map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}
