/** Error codes that cross every boundary (HTTP, IPC, renderer) as data. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type ApiResponse<T> = { success: true; data: T } | { success: false; error: ApiErrorBody };

/** Thrown inside the engine; turned into `{success:false,error}` at the boundary. */
export class WatchpostError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'WatchpostError';
    this.code = code;
    this.details = details;
  }
}

export function validationError(message: string, details?: unknown): WatchpostError {
  return new WatchpostError('VALIDATION_ERROR', message, details);
}
export function notFound(what: string, id: string): WatchpostError {
  return new WatchpostError('NOT_FOUND', `${what} ${id} not found`, { id });
}
export function conflict(message: string, details?: unknown): WatchpostError {
  return new WatchpostError('CONFLICT', message, details);
}
