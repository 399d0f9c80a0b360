import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../../main/engine/store/migrate.ts';
import { MIGRATIONS } from '../../../main/engine/store/migrations/index.ts';
import { migration0030 } from '../../../main/engine/store/migrations/0030-forwarding.ts';

describe('migration 0030 (forwarding)', () => {
  it('is registered and creates STRICT endpoints/deliveries with cascade delete', () => {
    expect(MIGRATIONS).toContain(migration0030);
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS);
    const now = Date.now();
    db.prepare(`INSERT INTO endpoints (id, name, url, signing_secret_enc, created_at, updated_at) VALUES ('ep_1', 'n', 'https://x', 's', ?, ?)`).run(now, now);
    const seq = db
      .prepare(`INSERT INTO deliveries (id, endpoint_id, kind, status, created_at, webhook_id, event_count, next_attempt_at)
      VALUES ('d1', 'ep_1', 'security', 'pending', ?, 'msg_1', 1, ?)`)
      .run(now, now).lastInsertRowid;
    db.prepare(`INSERT INTO delivery_payloads (delivery_seq, body) VALUES (?, ?)`).run(seq, Buffer.from('[]'));
    expect(() => db.prepare(`UPDATE deliveries SET attempts = 'many' WHERE id = 'd1'`).run()).toThrow(/cannot store TEXT/);
    db.prepare(`DELETE FROM endpoints WHERE id = 'ep_1'`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM delivery_payloads').get()).toEqual({ n: 0 });
    db.close();
  });
});
