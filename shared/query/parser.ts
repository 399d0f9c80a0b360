import type { QueryNode } from './ast.ts';
import { QuerySyntaxError } from './errors.ts';
import { fieldNode } from './fields.ts';
import { tokenize } from './tokenizer.ts';
import type { Token } from './tokenizer.ts';

/**
 * Bounds that keep a hostile or pasted-by-mistake query from exhausting the stack or SQLite's
 * expression depth; far above anything typed by hand.
 */
export const QUERY_LIMITS = { maxLength: 4000, maxTerms: 100, maxDepth: 32 } as const;

const STARTS_TERM = new Set<Token['type']>(['text', 'field', 'lparen', 'minus', 'not']);

class Parser {
  private readonly tokens: Token[];
  private readonly length: number;
  private pos = 0;
  private terms = 0;

  constructor(tokens: Token[], length: number) {
    this.tokens = tokens;
    this.length = length;
  }

  parse(): QueryNode {
    const node = this.parseOr(0);
    const extra = this.peek();
    if (extra) throw new QuerySyntaxError(extra.type === 'rparen' ? "unmatched ')'" : 'unexpected text', extra.start);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private where(): number {
    return this.peek()?.start ?? this.length;
  }

  /** After OR / AND / NOT / '-': the next token must begin a term. */
  private requireTerm(after: string): void {
    const t = this.peek();
    if (!t || !STARTS_TERM.has(t.type)) throw new QuerySyntaxError(`expected a term after ${after}`, this.where());
  }

  private parseOr(depth: number): QueryNode {
    const children = [this.parseAnd(depth)];
    while (this.peek()?.type === 'or') {
      this.pos++;
      this.requireTerm('OR');
      children.push(this.parseAnd(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children, start: children[0]!.start, end: children.at(-1)!.end };
  }

  private parseAnd(depth: number): QueryNode {
    const children = [this.parseUnary(depth)];
    for (;;) {
      const t = this.peek();
      if (t?.type === 'and') {
        this.pos++;
        this.requireTerm('AND');
      } else if (!t || !STARTS_TERM.has(t.type)) {
        break;
      }
      children.push(this.parseUnary(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children, start: children[0]!.start, end: children.at(-1)!.end };
  }

  private parseUnary(depth: number): QueryNode {
    const t = this.peek();
    if (t?.type === 'not' || t?.type === 'minus') {
      this.pos++;
      this.requireTerm(t.type === 'not' ? 'NOT' : "'-'");
      const child = this.parseUnary(depth);
      return { kind: 'not', child, start: t.start, end: child.end };
    }
    return this.parsePrimary(depth);
  }

  private parsePrimary(depth: number): QueryNode {
    const t = this.peek();
    if (!t) throw new QuerySyntaxError('expected a term', this.length);
    if (t.type === 'lparen') {
      if (depth >= QUERY_LIMITS.maxDepth) {
        throw new QuerySyntaxError(`parentheses nested deeper than ${QUERY_LIMITS.maxDepth}`, t.start);
      }
      this.pos++;
      if (this.peek()?.type === 'rparen') throw new QuerySyntaxError('empty parentheses', t.start);
      this.requireTerm("'('");
      const inner = this.parseOr(depth + 1);
      const close = this.peek();
      if (close?.type !== 'rparen') throw new QuerySyntaxError(`missing ')' for the '(' at position ${t.start}`, t.start);
      this.pos++;
      return { ...inner, start: t.start, end: close.end };
    }
    if (t.type === 'text' || t.type === 'field') {
      this.terms++;
      if (this.terms > QUERY_LIMITS.maxTerms) {
        throw new QuerySyntaxError(`too many terms (at most ${QUERY_LIMITS.maxTerms})`, t.start);
      }
      this.pos++;
      if (t.type === 'field') return fieldNode(t);
      if (t.value === '') throw new QuerySyntaxError('empty quoted phrase', t.start);
      return { kind: 'text', value: t.value, quoted: t.quoted, start: t.start, end: t.end };
    }
    if (t.type === 'rparen') throw new QuerySyntaxError("unmatched ')'", t.start);
    throw new QuerySyntaxError(`expected a term before ${t.type.toUpperCase()}`, t.start);
  }
}

/**
 * Parse Log Viewer query text (SPEC §5) into an AST. Precedence: NOT/'-' binds tightest, then
 * AND (explicit or implied by adjacency), then OR. An empty or blank query returns null, meaning
 * "match everything". Throws QuerySyntaxError with the 0-based position of the problem.
 */
export function parseQuery(q: string): QueryNode | null {
  if (q.length > QUERY_LIMITS.maxLength) {
    throw new QuerySyntaxError(`query longer than ${QUERY_LIMITS.maxLength} characters`, QUERY_LIMITS.maxLength);
  }
  const tokens = tokenize(q);
  if (tokens.length === 0) return null;
  return new Parser(tokens, q.length).parse();
}
