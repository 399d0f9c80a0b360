import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addPanel,
  duplicatePanel,
  flowLayout,
  movePanel,
  pushUndo,
  readingOrder,
  removePanel,
  updatePanel,
} from '../../../renderer/src/features/dashboards/dashboard-edit.ts';
import type { EditablePanel } from '../../../renderer/src/features/dashboards/dashboard-edit.ts';

const panel = (id: string, w: number, h = 4): EditablePanel => ({ id, title: id, kind: 'number', layout: { x: 0, y: 0, w, h } });
const ids = (ps: readonly EditablePanel[]): string[] => readingOrder(ps).map((p) => p.id!);

/** Oracle: cells covered by each panel; a valid layout covers each cell at most once, inside 12 columns. */
function assertValid(ps: readonly EditablePanel[]): void {
  const seen = new Set<string>();
  for (const p of ps) {
    expect(p.layout.x).toBeGreaterThanOrEqual(0);
    expect(p.layout.x + p.layout.w).toBeLessThanOrEqual(12);
    for (let x = p.layout.x; x < p.layout.x + p.layout.w; x++)
      for (let y = p.layout.y; y < p.layout.y + p.layout.h; y++) {
        const cell = `${x},${y}`;
        expect(seen.has(cell)).toBe(false);
        seen.add(cell);
      }
  }
}

const widths = fc.array(fc.constantFrom(3, 4, 6, 8, 12), { minLength: 1, maxLength: 12 });

describe('dashboard panel arrangement', () => {
  it('flows panels into rows without overlap and keeps their reading order (random widths)', () => {
    fc.assert(
      fc.property(widths, (ws) => {
        const ps = flowLayout(ws.map((w, i) => panel(`p${i}`, w, 2 + (i % 3))));
        assertValid(ps);
        expect(ids(ps)).toEqual(ws.map((_, i) => `p${i}`));
      }),
    );
  });

  it('moves left/right as a swap with the reading-order neighbour, and every move keeps the layout valid', () => {
    fc.assert(
      fc.property(
        widths,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('left', 'right', 'up', 'down') as fc.Arbitrary<'left' | 'right' | 'up' | 'down'>), { maxLength: 15 }),
        (ws, moves) => {
          let ps = flowLayout(ws.map((w, i) => panel(`p${i}`, w)));
          for (const [n, dir] of moves) {
            const order = ids(ps);
            const id = order[n % order.length]!;
            const next = movePanel(ps, id, dir);
            assertValid(next);
            expect([...ids(next)].sort()).toEqual([...order].sort());
            if (dir === 'left' || dir === 'right') {
              const i = order.indexOf(id);
              const j = dir === 'left' ? i - 1 : i + 1;
              const expected = [...order];
              if (j >= 0 && j < order.length) [expected[i], expected[j]] = [expected[j]!, expected[i]!];
              expect(ids(next)).toEqual(expected);
            }
            ps = next;
          }
        },
      ),
    );
  });

  it('moves a panel up into the previous row and down into the next one at the nearest column', () => {
    // Row 0: a b (half each); row 1: c (full).
    const ps = flowLayout([panel('a', 6), panel('b', 6), panel('c', 6)]);
    expect(ps.map((p) => [p.id, p.layout.x, p.layout.y])).toEqual([
      ['a', 0, 0],
      ['b', 6, 0],
      ['c', 0, 4],
    ]);
    expect(ids(movePanel(ps, 'c', 'up'))).toEqual(['c', 'a', 'b']);
    expect(ids(movePanel(ps, 'b', 'down'))).toEqual(['a', 'c', 'b']);
    expect(ids(movePanel(ps, 'a', 'up'))).toEqual(['a', 'b', 'c']);
  });

  it('adds with a fresh id, duplicates next to the original, updates in place and removes', () => {
    let ps = addPanel([], { title: 'Events', kind: 'timeseries', field: 'severity' });
    ps = addPanel(ps, { title: 'Top hosts', kind: 'top', field: 'host', layout: { x: 0, y: 0, w: 6, h: 6 } });
    expect(ids(ps)).toEqual(['p1', 'p2']);
    ps = duplicatePanel(ps, 'p1');
    expect(readingOrder(ps).map((p) => p.title)).toEqual(['Events', 'Events (copy)', 'Top hosts']);
    ps = updatePanel(ps, 'p2', { title: 'Hosts', layout: { x: 0, y: 0, w: 12, h: 6 } });
    expect(readingOrder(ps).find((p) => p.id === 'p2')).toMatchObject({ title: 'Hosts', kind: 'top', layout: { w: 12 } });
    ps = removePanel(ps, 'p1');
    expect(ids(ps)).toHaveLength(2);
    assertValid(ps);
  });

  it('keeps at most the last N states to undo', () => {
    let stack: number[] = [];
    for (let i = 0; i < 30; i++) stack = pushUndo(stack, i, 20);
    expect(stack).toHaveLength(20);
    expect(stack[19]).toBe(29);
  });
});
