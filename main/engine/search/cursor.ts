import { validationError } from '../../../shared/errors.ts';

/** Position after the last event of a page, in (ts DESC, id DESC) order. */
export interface CursorPosition {
  ts: number;
  id: number;
}

const DECODED = /^(-?\d{1,16})\.(\d{1,16})$/;

/** Opaque to clients: base64url of `ts.id`, so keyset paging survives new events arriving on top. */
export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(`${p.ts}.${p.id}`, 'utf8').toString('base64url');
}

/** Throws VALIDATION_ERROR for anything encodeCursor could not have produced. */
export function decodeCursor(cursor: unknown): CursorPosition {
  const bad = () => validationError('cursor is not valid; request the first page again without a cursor', { field: 'cursor' });
  if (typeof cursor !== 'string' || cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  const m = DECODED.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw bad();
  const ts = Number(m[1]);
  const id = Number(m[2]);
  if (!Number.isSafeInteger(ts) || !Number.isSafeInteger(id)) throw bad();
  return { ts, id };
}
