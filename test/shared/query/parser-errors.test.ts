import { describe, expect, it } from 'vitest';
import { parseQuery, QUERY_LIMITS, QuerySyntaxError } from '../../../shared/query/index.ts';

function errorOf(q: string): QuerySyntaxError {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(q)} to be refused`);
}

describe('parseQuery: errors name what is wrong and where', () => {
  it.each([
    ['host:(', 5, "expected a value after 'host:'"],
    ['host:', 5, "expected a value after 'host:'"],
    ['a host: b', 7, "expected a value after 'host:'"],
    ['raw.n:>', 7, "expected a value after 'raw.n:>'"],
    ['raw.n:>abc', 7, "expected a number after 'raw.n:>'"],
    ['nosuch:1', 0, "unknown field 'nosuch'"],
    ['a http://x', 2, "unknown field 'http'"],
    [':x', 0, "expected a field name before ':'"],
    ['raw:x', 0, "'raw' needs a path"],
    ['raw.a..b:1', 6, "empty key in raw path 'raw.a..b'"],
    ['raw.a.:1', 6, 'empty key in raw path'],
    ['severity:loud', 9, "unknown severity 'loud'; expected one of debug, info, notice, warn, error, critical"],
    ['category:=network2', 10, "unknown category 'network2'"],
    ['outcome:maybe', 8, "unknown outcome 'maybe'"],
    ['severity:x*', 9, "'x*' matches no severity"],
    ['severity:>=3', 11, "unknown severity '3'"],
    ['severity:>critical', 10, 'no severity is > critical'],
    ['category:>auth', 10, 'category has no order'],
    ['host:>5', 6, "'host' is text"],
    ['host:""', 5, "empty value for 'host'"],
    ['""', 0, 'empty quoted phrase'],
    ['a "open', 2, 'unterminated quoted phrase starting at position 2'],
    ['(a OR b', 0, "missing ')' for the '(' at position 0"],
    ['a)', 1, "unmatched ')'"],
    ['()', 0, 'empty parentheses'],
    ['a OR', 4, 'expected a term after OR'],
    ['a OR OR b', 5, 'expected a term after OR'],
    ['OR a', 0, 'expected a term before OR'],
    ['a AND', 5, 'expected a term after AND'],
    ['NOT', 3, 'expected a term after NOT'],
    ['a - b', 2, "'-' must be directly followed by the term it excludes"],
    ['a NOT )', 6, 'expected a term after NOT'],
  ])('%j → position %i', (q, position, message) => {
    const err = errorOf(q);
    expect(err.position).toBe(position);
    expect(err.message).toContain(message);
  });

  it('a raw path with a bad value stays an error, never a broader search', () => {
    expect(errorOf('raw.status:>= 500').position).toBe(13);
  });

  it('refuses queries past the size limits', () => {
    expect(errorOf('x'.repeat(QUERY_LIMITS.maxLength + 1)).position).toBe(QUERY_LIMITS.maxLength);
    const terms = Array.from({ length: QUERY_LIMITS.maxTerms + 1 }, (_v, i) => `t${i}`).join(' ');
    expect(errorOf(terms).message).toContain('too many terms');
    const deep = '('.repeat(QUERY_LIMITS.maxDepth + 1) + 'a' + ')'.repeat(QUERY_LIMITS.maxDepth + 1);
    expect(errorOf(deep)).toMatchObject({ position: QUERY_LIMITS.maxDepth });
    expect(parseQuery('('.repeat(QUERY_LIMITS.maxDepth) + 'a' + ')'.repeat(QUERY_LIMITS.maxDepth))).not.toBeNull();
  });

  it('names like constructor or __proto__ are not fields', () => {
    expect(errorOf('constructor:x').message).toContain("unknown field 'constructor'");
    expect(errorOf('__proto__:x').message).toContain("unknown field '__proto__'");
  });
});
