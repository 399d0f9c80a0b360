/** Log Viewer query grammar (SPEC §5): pure, shared by the engine (compiles to SQL) and the UI. */
export type { AndNode, Comparator, EnumField, EnvelopeField, FieldMatch, FieldNode, FieldRef, NotNode, OrNode, QueryNode, TextNode } from './ast.ts';
export { ENVELOPE_FIELDS, everyTerm, isRawPathKey, readsOnlyEnvelope } from './ast.ts';
export { QuerySyntaxError } from './errors.ts';
export { parseQuery, QUERY_LIMITS } from './parser.ts';
export { parseTimeRange } from './time-range.ts';
export type { TimeRange } from './time-range.ts';
