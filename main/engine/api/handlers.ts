import type { ApiInput, ApiMethod, ApiOutput, CallMeta } from '../../../shared/api.ts';

/** One function per contract method. Throw WatchpostError for expected failures. */
export type Handler<M extends ApiMethod> = (input: ApiInput<M>, meta: CallMeta) => ApiOutput<M> | Promise<ApiOutput<M>>;
export type Handlers = { [M in ApiMethod]: Handler<M> };
export type PartialHandlers = { [M in ApiMethod]?: Handler<M> };
