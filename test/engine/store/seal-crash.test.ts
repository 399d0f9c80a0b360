import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase } from '../../../main/engine/store/db.ts';
import { scanById, sealAll } from '../../../main/engine/store/event-store/index.ts';
import { tempDir } from '../../helpers/test-engine.ts';

const CHILD = join(import.meta.dirname, 'seal-crash-child.ts');

/** Run the child until it has sealed `blocks` blocks, then SIGKILL it; returns the batches it acknowledged. */
async function runAndKill(dataDir: string, round: number, blocks: number): Promise<string[]> {
  const child = spawn(process.execPath, [CHILD, dataDir, String(round)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acked: string[] = [];
  let sealed = 0;
  let buf = '';
  const exited = new Promise((r) => child.once('exit', r));
  child.stdout.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('acked ')) acked.push(line.slice(6));
      else if (line.startsWith('sealed ') && ++sealed === blocks) child.kill('SIGKILL');
    }
  });
  await exited;
  return acked;
}

describe('kill -9 while ingesting and sealing', () => {
  it('keeps every acknowledged event exactly once, an intact database and a summary in step; sealing resumes', async () => {
    const dataDir = tempDir();
    const acked: string[] = [];
    for (let round = 0; round < 3; round++) acked.push(...(await runAndKill(dataDir, round, 15 + round * 7)));
    expect(acked.length).toBeGreaterThan(0);

    const db = openDatabase({ dataDir });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const check = () => {
        const marks = [...scanById(db, { fromId: 1 })].map((r) => (JSON.parse(r.raw) as { mark: string }).mark);
        expect(new Set(marks).size).toBe(marks.length); // none twice
        const batches = new Set(marks.map((m) => m.slice(0, m.lastIndexOf('-'))));
        expect(acked.filter((b) => !batches.has(b))).toEqual([]); // none acknowledged lost
        const counted = (db.prepare('SELECT coalesce(sum(count), 0) AS n FROM event_counts').get() as { n: number }).n;
        expect(counted).toBe(marks.length);
        return marks.length;
      };
      const stored = check();
      expect((db.prepare('SELECT count(*) AS n FROM event_blocks').get() as { n: number }).n).toBeGreaterThan(0);
      expect(sealAll(db, { blockSize: 37 })).toBeGreaterThan(0); // sealing resumes where it stopped
      expect(check()).toBe(stored);
      expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 120_000);
});
