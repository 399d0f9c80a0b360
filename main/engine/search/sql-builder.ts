/**
 * Collects bound parameters for generated SQL. Every user value goes through `param()`, which
 * returns a named placeholder (`@p1`); named rather than positional so fragments can be assembled
 * in any order and a value can be reused without being bound twice.
 */
export class SqlBuilder {
  readonly params: Record<string, unknown> = {};
  private next = 0;
  private aliases = 0;
  private readonly prefix: string;

  /** `prefix` keeps names apart when two builders' fragments meet in one statement. */
  constructor(prefix = 'p') {
    this.prefix = prefix;
  }

  param(value: unknown): string {
    const name = `${this.prefix}${++this.next}`;
    this.params[name] = value;
    return `@${name}`;
  }

  /** A fresh table alias for a nested json_each/json_tree. */
  alias(prefix: string): string {
    return `${this.prefix}${prefix}${++this.aliases}`;
  }
}

/** A WHERE fragment over `events e` (or any table aliased `e` with the columns it names) and its parameters. */
export interface CompiledFilter {
  sql: string;
  params: Record<string, unknown>;
}
