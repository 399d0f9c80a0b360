import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase, PAGE_SIZE } from '../../../main/engine/store/db.ts';
import { migrate } from '../../../main/engine/store/migrate.ts';
import { MIGRATIONS } from '../../../main/engine/store/migrations/index.ts';
import { tempDir } from '../../helpers/test-engine.ts';

describe('store', () => {
  it('opens a real SQLite file in WAL mode with every migration applied (native module loads)', () => {
    const dir = tempDir();
    const db = openDatabase({ dataDir: dir });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'events'").get()).toEqual({ n: 1 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('creates a new store with 16 KiB pages; a store created with 4 KiB pages keeps them and its rows', () => {
    const fresh = openDatabase({ dataDir: tempDir() });
    expect(PAGE_SIZE).toBe(16_384);
    expect(fresh.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    // ~200 MB of WAL between automatic checkpoints, whatever the page size
    expect(fresh.pragma('wal_autocheckpoint', { simple: true })).toBe(Math.round(200_000_000 / PAGE_SIZE));
    fresh.close();

    const dir = tempDir();
    const old = new Database(join(dir, 'watchpost.db'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE kept (x TEXT) STRICT');
    old.prepare('INSERT INTO kept VALUES (?)').run('before');
    expect(old.pragma('page_size', { simple: true })).toBe(4096);
    old.close();
    const reopened = openDatabase({ dataDir: dir });
    expect(reopened.pragma('page_size', { simple: true })).toBe(4096);
    expect(reopened.pragma('wal_autocheckpoint', { simple: true })).toBe(Math.round(200_000_000 / 4096));
    expect(reopened.prepare('SELECT x FROM kept').all()).toEqual([{ x: 'before' }]);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });

  it('refuses a database newer than the code, with a clear message, and leaves it untouched', () => {
    const dir = tempDir();
    const raw = new Database(join(dir, 'watchpost.db'));
    raw.pragma('user_version = 999999');
    raw.close();
    expect(() => openDatabase({ dataDir: dir })).toThrow(/newer Watchpost \(schema version 999999/);
    const again = new Database(join(dir, 'watchpost.db'));
    expect(again.pragma('user_version', { simple: true })).toBe(999999);
    again.close();
  });

  it('applies only pending migrations, forward only, in one transaction', () => {
    const db = new Database(':memory:');
    migrate(db, [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' }]);
    expect(() =>
      migrate(db, [
        { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
        { version: 2, name: 'b', sql: 'CREATE TABLE b (x INTEGER) STRICT;' },
        { version: 3, name: 'broken', sql: 'CREATE TABLE oops (' },
      ]),
    ).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
  });
});
