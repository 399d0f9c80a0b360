/**
 * A large benchmark store, built once and reused (issue 9's 100 M events over 30 days; issue 14's
 * Overview runs on the same store): `bench/lib/events.ts` traffic in time order over DAYS days
 * ending at build time, written through the engine's own writer in 5,000-event batches across 4
 * sources on 2 platforms, sealed by the engine's sealing worker as it fills (the rest sealed at
 * the end), with 10 needle events (`zzneedle42` in the message). A `store.json` beside the database
 * records what was built, so REUSE=1 runs skip the build.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEngine } from '../../main/engine/engine.ts';
import { normalizeEvent } from '../../main/engine/ingest/envelope.ts';
import type { NormalizedEvent } from '../../main/engine/ingest/envelope.ts';
import { openDatabase } from '../../main/engine/store/db.ts';
import { sealAll } from '../../main/engine/store/event-store/index.ts';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api.ts';
import { makeEvent, rng } from './events.ts';
import { makeLoghubEvent } from './loghub.ts';
import { DAY, fmt } from './env.ts';

export interface BigStore {
  dir: string;
  events: number;
  days: number;
  /** Build time: the newest event is just before it. */
  endMs: number;
  /** NDJSON bytes of the events as senders would post them (one line each). */
  rawBytes: number;
  /** Platform "Production" (3 of the 4 sources) and a key of a spare source for live ingest. */
  platformId: string;
  key: string;
  buildSeconds: number;
  /** 'mix': bench/lib/events.ts traffic; 'loghub': real lines with fresh ids (bench/lib/loghub.ts). */
  corpus?: Corpus;
}

export type Corpus = 'mix' | 'loghub';

const CHUNK = 5000;
/** Head events beyond which the build waits for sealing. */
const MAX_HEAD = 100_000;
export const NEEDLE = 'zzneedle42';

/** The store in `dir` holding `events` events over `days` days: reused when `reuse` and it matches, else built. */
export async function bigStore(dir: string, events: number, days: number, reuse: boolean, corpus: Corpus = 'mix'): Promise<BigStore> {
  const metaFile = join(dir, 'store.json');
  if (reuse && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as BigStore;
    if (meta.events === events && meta.days === days && (meta.corpus ?? 'mix') === corpus) return meta;
    console.log(`store in ${dir} holds ${fmt(meta.events)} events over ${meta.days} days: rebuilding`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const engine = createEngine({ dataDir: dir, mode: 'headless', retention: { maxAgeDays: 0, maxSizeGb: 0 }, searchWorkers: 0, writerThread: false });
  const call = async <M extends ApiMethod>(m: M, i: ApiInput<M>): Promise<ApiOutput<M>> => {
    const r = await engine.api.call(m, i);
    if (!r.success) throw new Error(r.error.message);
    return r.data;
  };
  engine.start();
  const prod = await call('platforms.create', { name: 'Production' });
  const stage = await call('platforms.create', { name: 'Staging' });
  const infos = [];
  for (const [i, name] of ['Web Tier', 'Identity', 'Edge Firewall', 'Staging Web'].entries()) {
    const s = await call('sources.create', { name, rateLimit: 100_000, platformId: i < 3 ? prod.id : stage.id, heartbeatMinutes: 10 });
    infos.push(engine.context.sources.byId(s.id)!);
  }
  const live = await call('sources.create', { name: 'Live Ingest', rateLimit: 100_000, platformId: prod.id });
  const { key } = await call('sources.generateKey', { id: live.id });
  const probe = new Database(join(dir, 'watchpost.db'), { readonly: true });
  const headSpan = probe.prepare('SELECT (SELECT max(id) FROM events) - (SELECT min(id) FROM events)').pluck();
  const r = rng(42);
  const endMs = Date.now();
  const startMs = endMs - days * DAY;
  const needles = new Set(Array.from({ length: 10 }, (_, i) => Math.floor(((i + 0.5) / 10) * events)));
  let rawBytes = 0;
  const t0 = performance.now();
  for (let done = 0; done < events; done += CHUNK) {
    const batch: NormalizedEvent[] = [];
    const at = startMs + Math.floor((done / events) * days * DAY);
    for (let k = done; k < Math.min(events, done + CHUNK); k++) {
      const ev = (corpus === 'loghub' ? makeLoghubEvent : makeEvent)(r, startMs + Math.floor((k / events) * days * DAY) + Math.floor(r() * 1000));
      if (needles.has(k)) ev.message = `alert ${NEEDLE} seen`;
      const line = JSON.stringify(ev);
      rawBytes += line.length + 1;
      batch.push(normalizeEvent(ev, line, at));
    }
    engine.context.writer.writeNow({ source: infos[(done / CHUNK) % infos.length]!, events: batch, receivedAt: at, rejected: 0 });
    // Keep the head as serve keeps it, a few blocks: wait while the sealing worker catches up
    // (its commits also need gaps between the writer's).
    while (((headSpan.get() as number | null) ?? 0) > MAX_HEAD) await new Promise((res) => setTimeout(res, 20));
    if (done % 1_000_000 === 0 && done > 0) {
      const s = (performance.now() - t0) / 1000;
      console.log(`  built ${fmt(done)} events in ${s.toFixed(0)} s (${fmt(done / s)} events/s)`);
    }
  }
  probe.close();
  await engine.close();
  const db = openDatabase({ dataDir: dir });
  sealAll(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const meta: BigStore = { dir, events, days, endMs, rawBytes, platformId: prod.id, key, buildSeconds: (performance.now() - t0) / 1000, corpus };
  writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  console.log(`built ${fmt(events)} events over ${days} days in ${meta.buildSeconds.toFixed(0)} s`);
  return meta;
}
