/**
 * Child process for the sealing crash test: writes batches of events through the real writer and
 * seals small blocks in between (in one transaction, or built first and then committed, as the
 * sealing worker does), as fast as it can, printing what is durable. The parent kills it
 * with SIGKILL at an arbitrary moment (most of its time is spent sealing).
 */
import { openDatabase } from '../../../main/engine/store/db.ts';
import { commitBlock, prepareBlock, sealOne } from '../../../main/engine/store/event-store/index.ts';
import { EventWriter } from '../../../main/engine/ingest/writer.ts';
import { EngineBus } from '../../../main/engine/bus.ts';
import { systemClock } from '../../../main/engine/clock.ts';
import { normalizeEvent } from '../../../main/engine/ingest/envelope.ts';
import type { SourceInfo } from '../../../main/engine/context.ts';

const db = openDatabase({ dataDir: process.argv[2]! });
db.prepare("INSERT OR IGNORE INTO sources (seq, id, name, type, created_at) VALUES (100, 'ls_crash', 'crash', 'generic_json', 0)").run();
const source = { seq: 100, id: 'ls_crash', name: 'crash' } as SourceInfo;
const writer = new EventWriter(db, new EngineBus(), systemClock);
const round = process.argv[3]!;
for (let b = 0; ; b++) {
  const now = Date.now();
  const events = Array.from({ length: 50 }, (_, i) => normalizeEvent({ mark: `r${round}-b${b}-e${i}`, message: `crash ${i}` }, null, now - i * 1000));
  const ids = writer.writeNow({ source, events, receivedAt: now, rejected: 0 });
  process.stdout.write(`acked r${round}-b${b}\n`);
  // Odd rounds seal the way the sealing worker does: build outside, then a short commit.
  const opts = { blockSize: 37, keepInHead: 20 };
  const prepared = Number(round) % 2 ? prepareBlock(db, opts) : null;
  const sealed = Number(round) % 2 ? (prepared ? commitBlock(db, prepared) : 0) : sealOne(db, opts);
  if (sealed) process.stdout.write(`sealed ${ids[0]}\n`);
}
