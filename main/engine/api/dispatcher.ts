import { API_ROUTES } from '../../../shared/api.ts';
import type { ApiDispatcher, ApiMethod, CallMeta } from '../../../shared/api.ts';
import { WatchpostError } from '../../../shared/errors.ts';
import type { ApiResponse } from '../../../shared/errors.ts';
import type { EngineBus } from '../bus.ts';
import type { PartialHandlers } from './handlers.ts';

/** Turn any thrown value into the error envelope; unexpected errors are logged, not leaked. */
export function toErrorResponse(err: unknown): ApiResponse<never> {
  if (err instanceof WatchpostError) {
    const error: { code: WatchpostError['code']; message: string; details?: unknown } = { code: err.code, message: err.message };
    if (err.details !== undefined) error.details = err.details;
    return { success: false, error };
  }
  console.error('[watchpost] internal error:', err);
  return { success: false, error: { code: 'INTERNAL', message: `internal error: ${(err as Error)?.message ?? String(err)}` } };
}

/** The engine side of the one contract: used as-is by IPC, wrapped by the console HTTP server. */
export function createDispatcher(handlers: PartialHandlers, bus: EngineBus): ApiDispatcher {
  return {
    async call(method, input, meta) {
      if (!Object.hasOwn(API_ROUTES, method)) return toErrorResponse(new WatchpostError('VALIDATION_ERROR', `unknown method ${String(method)}`));
      const h = handlers[method as ApiMethod] as ((i: unknown, m: CallMeta) => unknown) | undefined;
      if (!h) return toErrorResponse(new WatchpostError('NOT_FOUND', `${String(method)} is not available in this build`));
      if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
        return toErrorResponse(new WatchpostError('VALIDATION_ERROR', `input to ${String(method)} must be a JSON object`));
      }
      try {
        const data = await h(input ?? {}, meta ?? {});
        return { success: true, data } as never;
      } catch (err) {
        return toErrorResponse(err);
      }
    },
    subscribe(stream, listener) {
      return bus.on(stream, listener as never);
    },
  };
}
