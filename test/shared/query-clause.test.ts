/**
 * Composed query text means what its parts mean: ANDing two queries (dashboard filters, drill-downs,
 * "filter on this value") parses to the AND of the two parsed queries, for random queries with
 * OR, NOT, parentheses and quoted phrases that contain the word OR.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { andQueries, appendClause, filterClause } from '../../shared/query/clause.ts';
import { parseQuery } from '../../shared/query/index.ts';
import type { QueryNode } from '../../shared/query/index.ts';

/** The AST without positions, nested ANDs/ORs flattened (grouping that does not change meaning). */
function shape(n: QueryNode | null): unknown {
  if (n === null) return null;
  if (n.kind === 'and' || n.kind === 'or') {
    const kids = n.children.flatMap((c) => (c.kind === n.kind ? (shape(c) as { children: unknown[] }).children : [shape(c)]));
    return { kind: n.kind, children: kids };
  }
  if (n.kind === 'not') return { kind: 'not', child: shape(n.child) };
  const { start: _s, end: _e, ...rest } = n;
  return rest;
}

const atom = fc.constantFrom('host:web', 'timeout', '"a OR b"', 'severity:error', '-user:=bob', 'tag:pci', 'raw.x.y:>=3', 'NOT message:fail');
type Tree = string | { op: 'and' | 'or'; kids: Tree[] };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.record({ op: fc.constantFrom('and' as const, 'or' as const), kids: fc.array(tie('t'), { minLength: 2, maxLength: 3 }) }),
  ),
})).t;

function render(t: Tree): string {
  if (typeof t === 'string') return t;
  return t.kids.map((k) => (typeof k === 'string' || k.op === 'and' ? render(k) : `(${render(k)})`)).join(t.op === 'or' ? ' OR ' : ' ');
}

describe('query composition', () => {
  it('andQueries(a, b) parses to AND(a, b) for random queries (oracle: the two parsed separately)', () => {
    fc.assert(
      fc.property(tree, tree, (a, b) => {
        const qa = render(a);
        const qb = render(b);
        const expected = shape({ kind: 'and', children: [parseQuery(qa)!, parseQuery(qb)!], start: 0, end: 0 });
        expect(shape(parseQuery(andQueries(qa, qb)))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('adds parentheses only around a top-level OR, and drops blank parts', () => {
    expect(andQueries('', 'a', '  ')).toBe('a');
    expect(appendClause('(x OR y) z', 'host:*')).toBe('(x OR y) z host:*');
    expect(appendClause('"x OR y"', 'host:*')).toBe('"x OR y" host:*');
    expect(andQueries('x OR y', 'z OR w', filterClause('platform', 'pl_1'))).toBe('(x OR y) (z OR w) platform:=pl_1');
  });
});
