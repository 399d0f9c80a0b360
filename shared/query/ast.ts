/**
 * The parsed form of a Log Viewer query (SPEC §5). Every node carries `start`/`end` (0-based,
 * end exclusive) so errors and UI highlighting can point back into the query text.
 */

/** Envelope fields a query may name directly. */
export const ENVELOPE_FIELDS = ['severity', 'category', 'outcome', 'host', 'user', 'action', 'message', 'tag', 'source', 'platform'] as const;
export type EnvelopeField = (typeof ENVELOPE_FIELDS)[number];

/** Envelope fields whose values are a closed list (matched exactly, unknown values refused). */
export type EnumField = 'severity' | 'category' | 'outcome';

export type FieldRef =
  | { kind: 'envelope'; name: EnvelopeField }
  /** `raw.a.b.c` → path `['a','b','c']` (keys are case-sensitive, as in the JSON). */
  | { kind: 'raw'; path: string[] };

export type Comparator = '>' | '>=' | '<' | '<=';

/**
 * How a field is matched. Enum fields are always resolved to `oneOf` by the parser (a glob or a
 * `severity:>=warn` becomes the list of matching values), so the compiler never sees enum text.
 */
export type FieldMatch =
  | { op: 'contains'; value: string }
  | { op: 'exact'; value: string }
  /** `*` is the only wildcard; the pattern must match the whole value. */
  | { op: 'glob'; pattern: string }
  | { op: 'compare'; cmp: Comparator; value: number }
  | { op: 'exists' }
  | { op: 'oneOf'; values: string[] };

interface Span {
  start: number;
  end: number;
}

export interface AndNode extends Span {
  kind: 'and';
  children: QueryNode[];
}
export interface OrNode extends Span {
  kind: 'or';
  children: QueryNode[];
}
export interface NotNode extends Span {
  kind: 'not';
  child: QueryNode;
}
/** A bare term or "quoted phrase": case-insensitive substring anywhere in the event. */
export interface TextNode extends Span {
  kind: 'text';
  value: string;
  quoted: boolean;
}
export interface FieldNode extends Span {
  kind: 'field';
  field: FieldRef;
  match: FieldMatch;
}

export type QueryNode = AndNode | OrNode | NotNode | TextNode | FieldNode;

/** True when every term of the query (bare words and field conditions) passes `test`. */
export function everyTerm(node: QueryNode, test: (term: TextNode | FieldNode) => boolean): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.every((c) => everyTerm(c, test));
    case 'not':
      return everyTerm(node.child, test);
    default:
      return test(node);
  }
}

/** True when the query reads no raw text: no bare terms, no `raw.` paths (envelope fields only). */
export function readsOnlyEnvelope(node: QueryNode): boolean {
  return everyTerm(node, (t) => t.kind === 'field' && t.field.kind === 'envelope');
}

/**
 * Whether `key` can be one step of a `raw.a.b` path a top-values request names (search/top.ts
 * parseTopField): not empty, and none of `.` (it splits the path) or `"`, `:`, `(`, `)`, space.
 * Path columns (event-store/block-paths.ts) record only such keys: any other key is never asked for.
 */
export function isRawPathKey(key: string): boolean {
  return key !== '' && !/[.":() ]/.test(key);
}
