import type { TopValues } from '../../../shared/types.ts';
import { activeRanges, summaryTrusted } from './scan.ts';
import type { ResolvedQuery } from './input.ts';
import { BLOCK_SOURCE, HEAD_SOURCE, windowSql } from '../store/event-store/index.ts';
import { candidateBlocks, headIsSmall } from './parts.ts';
import type { SearchStore } from './parts.ts';
import { countPath, envelopeCounter, parseTopField, TopCounter, valueSql } from './top.ts';
import { CombinationAnswers, decidedByEnvelope, judgeBlock, matchBlock } from './block-match.ts';

/**
 * Exact top values of `field` over the events matching the query in its window. Every matching
 * event is read (no sampling); a severity/source/platform part of the query limits the read to
 * minutes where the per-minute summary shows such events.
 */
export function topValues(store: SearchStore, query: ResolvedQuery, field: unknown, limit: number): TopValues {
  const { statements } = store;
  const ref = parseTopField(field);
  const values = valueSql(ref);
  const where = (source: string) => [...windowSql(source), ...(query.filter ? [`(${query.filter.sql})`] : [])].join(' AND ');
  const sql = (source: string) =>
    `WITH m AS MATERIALIZED (${values.sql.replace('{src}', source).replace('{where}', where(source))}) SELECT v, count(*) AS c, (SELECT count(DISTINCT id) FROM m) AS t FROM m GROUP BY v`;
  const params = { ...(query.filter?.params ?? {}), ...values.params };
  const counter = new TopCounter();
  const { fromMs, toMs } = query.range;
  const { blocks, filter } = candidateBlocks(store, query, fromMs, toMs);
  const headRanges =
    query.guard && !headIsSmall(statements) && summaryTrusted(statements) ? activeRanges(statements, query.guard, fromMs, toMs) : [[fromMs, toMs]];
  type Group = { v: unknown; c: number; t: number };
  const add = (rows: Group[]) => counter.add(rows, rows[0]?.t ?? 0, values.label);
  for (const [lo, hi] of headRanges) if (lo! < hi!) add(statements.get(sql(HEAD_SOURCE)).all({ ...params, from: lo, to: hi }) as Group[]);
  if (blocks.length > 0) {
    const perCombination = decidedByEnvelope(query.ast);
    const answers = new CombinationAnswers();
    const counted = perCombination && ref.kind === 'envelope' ? envelopeCounter(store, ref.name) : null;
    const path = perCombination && ref.kind === 'raw' ? ref.path.join('.') : null;
    const blockSql = sql(BLOCK_SOURCE);
    const stmt = statements.get(blockSql);
    // The rows of a block that match and lie in the window; inside it, every row the verdict passes, no times read.
    const matching = (b: (typeof blocks)[number], want: number[]) => {
      const m =
        b.minTs >= fromMs && b.maxTs < toMs
          ? judgeBlock(store, b.id, query.filter, want, answers)
          : matchBlock(store, b, query.filter, fromMs, toMs, want, answers);
      return { block: m.block, rows: 'rows' in m ? m.rows : m };
    };
    for (const b of blocks) {
      if (counted) {
        const m = matching(b, [counted.col]);
        counter.add(...counted.count(m.block, m.rows));
        continue;
      }
      // A raw path with a column in this block: its codes are counted, no raw text read.
      const column = path === null ? null : store.blocks.pathColumn(b.id, path);
      if (column === 'absent') continue;
      if (column) {
        countPath(column, matching(b, []).rows, counter);
        continue;
      }
      if (perCombination) store.blocks.serveRows(b.id, blockSql, matchBlock(store, b, query.filter, fromMs, toMs, [], answers).rows);
      else store.blocks.serve(b.id, blockSql, filter);
      add(stmt.all({ ...params, from: fromMs, to: toMs, blk: b.id }) as Group[]);
    }
  }
  return counter.result(ref.kind === 'raw' ? `raw.${ref.path.join('.')}` : ref.name, limit);
}
