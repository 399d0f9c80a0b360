import { QuerySyntaxError } from './errors.ts';

/** `:` is plain `field:value`; the others are the operator written right after the colon. */
export type FieldOperator = ':' | '=' | '>' | '>=' | '<' | '<=';

export type Token =
  | { type: 'lparen' | 'rparen' | 'minus' | 'or' | 'and' | 'not'; start: number; end: number }
  | { type: 'text'; value: string; quoted: boolean; start: number; end: number }
  | {
      type: 'field';
      name: string;
      op: FieldOperator;
      value: string;
      quoted: boolean;
      valueStart: number;
      start: number;
      end: number;
    };

const KEYWORDS = new Map<string, 'or' | 'and' | 'not'>([
  ['OR', 'or'],
  ['AND', 'and'],
  ['NOT', 'not'],
]);

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/** Characters that end an unquoted word (a value may contain ':', a field name may not). */
function endsWord(c: string): boolean {
  return isSpace(c) || c === '(' || c === ')' || c === '"';
}

/**
 * Read a "quoted phrase" starting at `start` (the opening quote). Only `\"` and `\\` are escapes,
 * so Windows paths like "C:\Temp" survive as typed.
 */
function readQuoted(q: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < q.length) {
    const c = q[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && (q[i + 1] === '"' || q[i + 1] === '\\')) {
      value += q[i + 1];
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw new QuerySyntaxError(`unterminated quoted phrase starting at position ${start}`, start);
}

function readOperator(q: string, i: number): { op: FieldOperator; end: number } {
  const two = q.slice(i, i + 2);
  if (two === '>=' || two === '<=') return { op: two, end: i + 2 };
  const one = q[i];
  if (one === '=' || one === '>' || one === '<') return { op: one, end: i + 1 };
  return { op: ':', end: i };
}

function readField(q: string, start: number, colon: number): Token {
  const name = q.slice(start, colon);
  if (name === '') throw new QuerySyntaxError("expected a field name before ':'", colon);
  const { op, end: opEnd } = readOperator(q, colon + 1);
  const shown = `${name}:${op === ':' ? '' : op}`;
  const c = q[opEnd];
  if (c === '"') {
    const { value, end } = readQuoted(q, opEnd);
    return { type: 'field', name, op, value, quoted: true, valueStart: opEnd, start, end };
  }
  let end = opEnd;
  while (end < q.length && !endsWord(q[end]!)) end++;
  if (end === opEnd) throw new QuerySyntaxError(`expected a value after '${shown}'`, opEnd);
  return { type: 'field', name, op, value: q.slice(opEnd, end), quoted: false, valueStart: opEnd, start, end };
}

/** Split query text into tokens. Keywords (OR, AND, NOT) count only in upper case. */
export function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (isSpace(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', start: i, end: i + 1 });
      i++;
    } else if (c === '"') {
      const { value, end } = readQuoted(q, i);
      tokens.push({ type: 'text', value, quoted: true, start: i, end });
      i = end;
    } else if (c === '-') {
      const next = q[i + 1];
      if (next === undefined || isSpace(next) || next === ')') {
        throw new QuerySyntaxError("'-' must be directly followed by the term it excludes", i);
      }
      tokens.push({ type: 'minus', start: i, end: i + 1 });
      i++;
    } else {
      let j = i;
      while (j < q.length && !endsWord(q[j]!) && q[j] !== ':') j++;
      if (q[j] === ':') {
        const token = readField(q, i, j);
        tokens.push(token);
        i = token.end;
        continue;
      }
      const word = q.slice(i, j);
      const keyword = KEYWORDS.get(word);
      if (keyword) tokens.push({ type: keyword, start: i, end: j });
      else tokens.push({ type: 'text', value: word, quoted: false, start: i, end: j });
      i = j;
    }
  }
  return tokens;
}
