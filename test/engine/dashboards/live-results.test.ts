import { describe, expect, it } from 'vitest';
import { LiveResults } from '../../../main/engine/dashboards/live-results.ts';
import type { PanelResult } from '../../../shared/types.ts';
import { dashFixture } from './fixture.ts';

/** A panel evaluation that takes `costMs` on the given (hand-moved) clock and counts its runs. */
function panelCosting(clock: { t: number }, costMs: number) {
  let runs = 0;
  return {
    runs: () => runs,
    compute: async (): Promise<PanelResult> => {
      runs++;
      clock.t += costMs;
      return { panelId: `p${runs}`, kind: 'number', data: null, error: null };
    },
  };
}

describe('live refresh results', () => {
  it('recompute a panel at most once per 10x its cost for live refreshes, always for explicit loads', async () => {
    const clock = { t: 0 };
    const cache = new LiveResults(() => clock.t);
    const p = panelCosting(clock, 200);
    expect((await cache.get('k', true, p.compute)).panelId).toBe('p1');
    clock.t += 1_700; // 1.7 s after a 200 ms evaluation: still within its 1.8 s rest
    expect((await cache.get('k', true, p.compute)).panelId).toBe('p1');
    expect((await cache.get('k', false, p.compute)).panelId).toBe('p2');
    clock.t += 1_801;
    expect((await cache.get('k', true, p.compute)).panelId).toBe('p3');
    expect((await cache.get('other', true, p.compute)).panelId).toBe('p4');
    expect(p.runs()).toBe(4);
  });

  it('share one evaluation between identical live requests in flight', async () => {
    const clock = { t: 0 };
    const cache = new LiveResults(() => clock.t);
    let release: () => void = () => {};
    let runs = 0;
    const slow = () =>
      new Promise<PanelResult>((resolve) => {
        runs++;
        release = () => resolve({ panelId: 'slow', kind: 'top', data: null, error: null });
      });
    const a = cache.get('k', true, slow);
    const b = cache.get('k', true, slow);
    release();
    expect(await Promise.all([a, b])).toEqual([
      { panelId: 'slow', kind: 'top', data: null, error: null },
      { panelId: 'slow', kind: 'top', data: null, error: null },
    ]);
    expect(runs).toBe(1);
  });

  it('an explicit load after new events shows them; `live` must be a yes/no', async () => {
    const f = await dashFixture();
    try {
      const d = await f.t.call('dashboards.create', { name: 'n', panels: [{ id: 'n', title: 'n', kind: 'number', query: 'host:=live-1' }] });
      const count = async () => {
        const data = (await f.t.call('dashboards.data', { id: d.id })).panels[0]!.data;
        return data?.kind === 'number' ? data.count : -1;
      };
      expect(await count()).toBe(0);
      await f.t.engine.ingest.submit(f.sourceIds[0]!, [{ host: 'live-1', message: 'x' }]);
      expect(await count()).toBe(1);
      const bad = await f.t.engine.api.call('dashboards.data', { id: d.id, live: 'maybe' as unknown as boolean });
      expect(bad.success ? '' : bad.error.message).toBe('live must be true or false');
    } finally {
      await f.close();
    }
  });
});
