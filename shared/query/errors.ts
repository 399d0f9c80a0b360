/**
 * A query the parser cannot accept. `position` is the 0-based character offset of the offending
 * text, so the Log Viewer can point at it and the API can name it in VALIDATION_ERROR.
 */
export class QuerySyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'QuerySyntaxError';
    this.position = position;
  }
}
