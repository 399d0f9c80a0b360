import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase } from '../../../main/engine/store/db.ts';
import { migrate } from '../../../main/engine/store/migrate.ts';
import { MIGRATIONS } from '../../../main/engine/store/migrations/index.ts';
import { sealAll } from '../../../main/engine/store/event-store/index.ts';
import { createSearch } from '../../../main/engine/search/index.ts';
import { tempDir } from '../../helpers/test-engine.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('migration 0100 (event blocks) on a store written by the previous schema', () => {
  it('keeps every event: searchable right after the upgrade, and after the old events are sealed', () => {
    const dataDir = tempDir();
    const old = new Database(join(dataDir, 'watchpost.db'));
    old.pragma('journal_mode = WAL');
    migrate(
      old,
      MIGRATIONS.filter((m) => m.version < 100),
    );
    old.prepare("INSERT INTO sources (seq, id, name, type, created_at) VALUES (7, 'ls_old', 'old-src', 'generic_json', 0)").run();
    const insert = old.prepare(
      'INSERT INTO events (source_seq, received_at, ts, severity, category, outcome, host, user, action, message, tags, raw) VALUES (7, ?, ?, ?, 0, 0, ?, NULL, NULL, ?, NULL, ?)',
    );
    const count = old.prepare('INSERT INTO event_counts (minute, source_seq, severity, count) VALUES (?, 7, ?, 1) ON CONFLICT DO UPDATE SET count = count + 1');
    for (let i = 0; i < 300; i++) {
      const ts = NOW - (300 - i) * 60_000;
      insert.run(ts, ts, i % 6, `h${i % 3}`, `old event ${i}`, JSON.stringify({ n: i, ip: `10.0.0.${i % 50}` }));
      count.run(Math.floor(ts / 60_000) * 60_000, i % 6);
    }
    old.close();

    const db = openDatabase({ dataDir });
    try {
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(100);
      const search = createSearch(db);
      const q = { q: 'raw.ip:=10.0.0.7', from: '2d', limit: 1000 };
      const before = search.search(q, NOW).events.map((e) => e.message);
      expect(before).toHaveLength(6);
      const hist = search.histogram({ from: '2d', buckets: 4 }, NOW);
      expect(sealAll(db, { blockSize: 64 })).toBe(300);
      expect(search.search(q, NOW).events.map((e) => e.message)).toEqual(before);
      expect(search.histogram({ from: '2d', buckets: 4 }, NOW)).toEqual(hist);
      expect(search.top({ field: 'host', from: '2d' }, NOW)).toEqual({
        field: 'host',
        total: 300,
        values: [
          { value: 'h0', count: 100 },
          { value: 'h1', count: 100 },
          { value: 'h2', count: 100 },
        ],
      });
      expect(search.get('1').message).toBe('old event 0');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
