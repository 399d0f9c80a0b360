/**
 * Search as an engine domain: the events.* methods, answered by the search service (worker
 * threads with read-only connections unless the settings ask for none). The workers start on the
 * first query, not with the engine: many engines (a serve nobody searches yet, short-lived test
 * engines) never search, and each worker loads its own module graph and opens the database.
 * close() ends the workers, if any started.
 */
import { WatchpostError } from '../../../shared/errors.ts';
import type { Domain, DomainContext } from '../context.ts';
import { idOf } from '../validate.ts';
import { createSearchService, defaultWorkerUrl } from './pool.ts';
import type { SearchService } from './pool.ts';

export interface SearchDomain extends Domain {
  readonly service: SearchService;
}

export function createSearchDomain(ctx: DomainContext): SearchDomain {
  const { clock } = ctx;
  const workers = ctx.settings.searchWorkers;
  const service = startOnFirstUse(
    () => createSearchService(ctx.db, { file: ctx.db.name, ...(workers === 0 ? { workerUrl: null } : { workers }) }),
    workers !== 0 && defaultWorkerUrl() !== null ? 'workers' : 'in-thread',
  );
  return {
    service,
    handlers: {
      'events.search': (input) => service.search(input, clock.now()),
      'events.get': (input) => service.get(idOf(input)),
      'events.histogram': (input) => service.histogram(input, clock.now()),
      'events.fields': (input) => service.fields(input, clock.now()),
      'events.top': (input) => service.top(input, clock.now()),
    },
    stop: () => service.close(),
  };
}

/** A search service that creates the real one (`create`) on its first call; after close() every call fails. */
function startOnFirstUse(create: () => SearchService, mode: SearchService['mode']): SearchService {
  let real: SearchService | null = null;
  let closed = false;
  const use = (): SearchService => {
    if (closed) throw new WatchpostError('INTERNAL', 'search is shut down');
    real ??= create();
    return real;
  };
  return {
    mode,
    search: async (i, n) => use().search(i, n),
    get: async (id) => use().get(id),
    histogram: async (i, n) => use().histogram(i, n),
    fields: async (i, n) => use().fields(i, n),
    top: async (i, n) => use().top(i, n),
    async close() {
      closed = true;
      await real?.close();
    },
  };
}
