import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, csvRow, exportFileName, ndjsonLine, runExport } from '../../../renderer/src/features/log-viewer/log-viewer-export.ts';
import { createLogViewerStore } from '../../../renderer/src/features/log-viewer/log-viewer-store.ts';
import { MemoryEngine, makeEvent, memoryStorage } from './memory-engine.ts';

const NOW = Date.parse('2026-04-17T12:00:00.000Z');

function engineWith(count: number): MemoryEngine {
  const engine = new MemoryEngine();
  engine.add(Array.from({ length: count }, (_, i) => makeEvent(i, NOW - (count - i) * 1000)));
  return engine;
}

/** Minimal RFC 4180 reader, to prove what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('CSV formatting', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('neutralises spreadsheet formulas from log text', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
  });

  it('writes envelope then custom columns, and reads back cell for cell', () => {
    const e = makeEvent(7, NOW, { message: 'Failed, "badly"\nretrying', tags: ['a', 'b'], raw: { request: { path: '/x,y' }, list: [1, 2] } });
    const text = csvHeader(['raw.request.path', 'raw.list', 'raw.missing']) + csvRow(e, ['raw.request.path', 'raw.list', 'raw.missing']);
    const [header, row] = parseCsv(text);
    expect(header).toEqual([
      'id',
      'timestamp',
      'receivedAt',
      'severity',
      'category',
      'sourceId',
      'sourceName',
      'host',
      'user',
      'action',
      'outcome',
      'message',
      'tags',
      'raw.request.path',
      'raw.list',
      'raw.missing',
    ]);
    expect(row).toEqual([
      '7',
      e.timestamp,
      e.receivedAt,
      e.severity,
      'app',
      'ls_web',
      'web',
      'web-01',
      'user2@example.com',
      'login',
      'success',
      'Failed, "badly"\nretrying',
      'a;b',
      '/x,y',
      '1, 2',
      '',
    ]);
  });

  it('NDJSON is one parseable event per line with raw kept', () => {
    const e = makeEvent(1, NOW, { message: 'multi\nline' });
    const line = ndjsonLine(e);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(e);
  });

  it('names files with a UTC stamp and the format extension', () => {
    expect(exportFileName('csv', NOW)).toBe('watchpost-events-20260417T120000Z.csv');
    expect(exportFileName('ndjson', NOW)).toBe('watchpost-events-20260417T120000Z.ndjson');
  });
});

describe('runExport', () => {
  it('pages through events.search by cursor and reports progress', async () => {
    const engine = engineWith(25);
    const progress: number[] = [];
    const out = await runExport(
      engine.client(),
      { q: '', from: '2026-04-16T00:00:00Z', to: '2026-04-18T00:00:00Z', format: 'ndjson', customColumns: [], pageLimit: 10 },
      { cancelled: false },
      (n) => progress.push(n),
    );
    expect(out.status).toBe('done');
    expect(progress).toEqual([10, 20, 25]);
    expect(engine.callsOf('events.search').map((c) => c.input.cursor)).toEqual([undefined, 'c:10', 'c:20']);
    if (out.status !== 'done') throw new Error('not done');
    const lines = (await out.blob.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string });
    expect(lines.map((l) => l.id)).toEqual(engine.events.map((e) => e.id));
    expect(out.blob.type).toBe('application/x-ndjson');
  });

  it('stops between pages when cancelled', async () => {
    const engine = engineWith(50);
    const control = { cancelled: false };
    const out = await runExport(
      engine.client(),
      { q: '', from: '2026-04-16T00:00:00Z', to: '2026-04-18T00:00:00Z', format: 'csv', customColumns: [], pageLimit: 10 },
      control,
      (n) => {
        if (n >= 20) control.cancelled = true;
      },
    );
    expect(out).toEqual({ status: 'cancelled', count: 20 });
    expect(engine.callsOf('events.search')).toHaveLength(2);
  });
});

describe('store export actions', () => {
  it('exports the applied query over the pinned range with custom columns and downloads it', async () => {
    const engine = engineWith(15);
    const downloads: { blob: Blob; fileName: string }[] = [];
    const store = createLogViewerStore({
      client: () => engine.client(),
      storage: memoryStorage(),
      now: () => NOW,
      download: (blob, fileName) => downloads.push({ blob, fileName }),
    });
    store.getState().toggleColumn('raw.request.path');
    await store.getState().search();
    await store.getState().startExport('csv');
    const ex = store.getState().export!;
    expect(ex).toMatchObject({ status: 'done', count: 15, total: 15, fileName: 'watchpost-events-20260417T120000Z.csv' });
    const rows = parseCsv(await downloads[0]!.blob.text());
    expect(rows).toHaveLength(16);
    expect(rows[0]!.at(-1)).toBe('raw.request.path');
    const exportCall = engine.callsOf('events.search').at(-1)!;
    expect(exportCall.input).toMatchObject({ from: store.getState().pinned!.from, to: store.getState().pinned!.to, limit: 1000 });
    store.getState().dismissExport();
    expect(store.getState().export).toBeNull();
  });

  it('cancel marks the export cancelled and nothing is downloaded', async () => {
    const engine = engineWith(15);
    const downloads: unknown[] = [];
    const store = createLogViewerStore({ client: () => engine.client(), storage: null, now: () => NOW, download: (b) => downloads.push(b) });
    await store.getState().search();
    const running = store.getState().startExport('ndjson');
    store.getState().cancelExport();
    await running;
    expect(store.getState().export!.status).toBe('cancelled');
    expect(downloads).toHaveLength(0);
  });

  it('an API failure during export shows as an export error', async () => {
    const engine = engineWith(5);
    const store = createLogViewerStore({ client: () => engine.client(), storage: null, now: () => NOW });
    await store.getState().search();
    engine.failNext = { code: 'INTERNAL', message: 'disk I/O error' };
    await store.getState().startExport('csv');
    expect(store.getState().export).toMatchObject({ status: 'error', error: 'disk I/O error' });
  });
});
