import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../shared/query/index.ts';
import type { QueryNode } from '../../../shared/query/index.ts';

/** The AST without positions, written compactly, for readable expectations. */
function shape(n: QueryNode | null): unknown {
  if (!n) return null;
  switch (n.kind) {
    case 'and':
    case 'or':
      return { [n.kind]: n.children.map(shape) };
    case 'not':
      return { not: shape(n.child) };
    case 'text':
      return n.quoted ? `"${n.value}"` : n.value;
    case 'field': {
      const name = n.field.kind === 'raw' ? `raw.${n.field.path.join('.')}` : n.field.name;
      return { [name]: n.match };
    }
  }
}
const p = (q: string) => shape(parseQuery(q));

describe('parseQuery: terms and fields', () => {
  it('empty and blank queries mean "everything"', () => {
    expect(parseQuery('')).toBeNull();
    expect(parseQuery('  \t ')).toBeNull();
  });

  it('bare terms and quoted phrases', () => {
    expect(p('timeout')).toBe('timeout');
    expect(p('"connection reset by peer"')).toBe('"connection reset by peer"');
    expect(p('"say \\"hi\\" \\\\ C:\\Temp"')).toBe('"say "hi" \\ C:\\Temp"');
    expect(p('web-01.example.com')).toBe('web-01.example.com');
  });

  it('field:value is contains; quoted values keep spaces and stars', () => {
    expect(p('host:web')).toEqual({ host: { op: 'contains', value: 'web' } });
    expect(p('message:"disk full"')).toEqual({ message: { op: 'contains', value: 'disk full' } });
    expect(p('message:"a*b"')).toEqual({ message: { op: 'contains', value: 'a*b' } });
    expect(p('raw.url:http://x/y?z=1')).toEqual({ 'raw.url': { op: 'contains', value: 'http://x/y?z=1' } });
  });

  it('field names are case-insensitive; raw keys are not', () => {
    expect(p('HOST:x')).toEqual({ host: { op: 'contains', value: 'x' } });
    expect(parseQuery('Raw.Request.Path:x')).toMatchObject({ field: { kind: 'raw', path: ['Request', 'Path'] } });
  });

  it('field:=value exact, field:glob*, field:* exists', () => {
    expect(p('user:=root')).toEqual({ user: { op: 'exact', value: 'root' } });
    expect(p('user:="Jane Doe"')).toEqual({ user: { op: 'exact', value: 'Jane Doe' } });
    expect(p('host:=web-*')).toEqual({ host: { op: 'exact', value: 'web-*' } });
    expect(p('host:web-*')).toEqual({ host: { op: 'glob', pattern: 'web-*' } });
    expect(p('tag:*')).toEqual({ tag: { op: 'exists' } });
    expect(p('raw.a:*')).toEqual({ 'raw.a': { op: 'exists' } });
    expect(p('host:"*"')).toEqual({ host: { op: 'contains', value: '*' } });
  });

  it('numeric comparisons', () => {
    expect(p('raw.status:>500')).toEqual({ 'raw.status': { op: 'compare', cmp: '>', value: 500 } });
    expect(p('raw.status:>=500')).toEqual({ 'raw.status': { op: 'compare', cmp: '>=', value: 500 } });
    expect(p('raw.ms:<1.5')).toEqual({ 'raw.ms': { op: 'compare', cmp: '<', value: 1.5 } });
    expect(p('raw.delta:<=-3e2')).toEqual({ 'raw.delta': { op: 'compare', cmp: '<=', value: -300 } });
  });

  it('raw paths split on dots and allow any other key characters', () => {
    expect(parseQuery('raw.a.b-c.@d:1')).toMatchObject({ field: { kind: 'raw', path: ['a', 'b-c', '@d'] } });
  });

  it('enum fields resolve to the exact values they mean', () => {
    expect(p('severity:WARN')).toEqual({ severity: { op: 'oneOf', values: ['warn'] } });
    expect(p('severity:=error')).toEqual({ severity: { op: 'oneOf', values: ['error'] } });
    expect(p('severity:>=warn')).toEqual({ severity: { op: 'oneOf', values: ['warn', 'error', 'critical'] } });
    expect(p('severity:>warn')).toEqual({ severity: { op: 'oneOf', values: ['error', 'critical'] } });
    expect(p('severity:<notice')).toEqual({ severity: { op: 'oneOf', values: ['debug', 'info'] } });
    expect(p('severity:<=debug')).toEqual({ severity: { op: 'oneOf', values: ['debug'] } });
    expect(p('category:a*')).toEqual({ category: { op: 'oneOf', values: ['auth', 'app', 'audit'] } });
    expect(p('outcome:*')).toEqual({ outcome: { op: 'oneOf', values: ['success', 'failure', 'unknown'] } });
    expect(p('outcome:"failure"')).toEqual({ outcome: { op: 'oneOf', values: ['failure'] } });
  });
});

describe('parseQuery: operators and precedence', () => {
  it('adjacent terms AND; AND may be written', () => {
    expect(p('a b c')).toEqual({ and: ['a', 'b', 'c'] });
    expect(p('a AND b')).toEqual({ and: ['a', 'b'] });
  });

  it('OR, NOT and -term', () => {
    expect(p('a OR b')).toEqual({ or: ['a', 'b'] });
    expect(p('NOT a')).toEqual({ not: 'a' });
    expect(p('-a')).toEqual({ not: 'a' });
    expect(p('-host:x')).toEqual({ not: { host: { op: 'contains', value: 'x' } } });
    expect(p('NOT -a')).toEqual({ not: { not: 'a' } });
  });

  it('NOT binds tighter than AND, AND tighter than OR', () => {
    expect(p('a b OR c d')).toEqual({ or: [{ and: ['a', 'b'] }, { and: ['c', 'd'] }] });
    expect(p('NOT a b')).toEqual({ and: [{ not: 'a' }, 'b'] });
    expect(p('a OR NOT b c')).toEqual({ or: ['a', { and: [{ not: 'b' }, 'c'] }] });
    expect(p('a OR b OR c')).toEqual({ or: ['a', 'b', 'c'] });
  });

  it('parentheses override precedence', () => {
    expect(p('(a OR b) c')).toEqual({ and: [{ or: ['a', 'b'] }, 'c'] });
    expect(p('-(a OR b)')).toEqual({ not: { or: ['a', 'b'] } });
    expect(p('((a))')).toBe('a');
  });

  it('keywords are upper case only and a dash inside a word is literal', () => {
    expect(p('a or b')).toEqual({ and: ['a', 'or', 'b'] });
    expect(p('not-found')).toBe('not-found');
    expect(p('"OR"')).toBe('"OR"');
  });

  it('records source positions', () => {
    expect(parseQuery('  host:"a b" OR x')).toMatchObject({
      kind: 'or',
      start: 2,
      end: 17,
      children: [
        { kind: 'field', start: 2, end: 12 },
        { kind: 'text', start: 16, end: 17 },
      ],
    });
    expect(parseQuery('-(a)')).toMatchObject({ kind: 'not', start: 0, end: 4, child: { start: 1, end: 4 } });
  });
});
