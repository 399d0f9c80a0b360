import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../helpers/test-engine.ts';

describe('engine shutdown', () => {
  it('close() finishes (workers stopped, database closed) even when nothing else keeps the process alive', () => {
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'fixtures', 'close-engine.ts'), tempDir()], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toMatch(/unsettled top-level await/);
    expect(r.stdout.trim()).toBe('closed cleanly');
    expect(r.status).toBe(0);
  }, 90_000);
});
