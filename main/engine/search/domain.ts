/**
 * Search as an engine domain: the events.* methods, answered by the search service (worker
 * threads with read-only connections unless the settings ask for none). close() ends the workers.
 */
import type { Domain, DomainContext } from '../context.ts';
import { idOf } from '../validate.ts';
import { createSearchService } from './pool.ts';
import type { SearchService } from './pool.ts';

export interface SearchDomain extends Domain {
  readonly service: SearchService;
}

export function createSearchDomain(ctx: DomainContext): SearchDomain {
  const { clock } = ctx;
  const workers = ctx.settings.searchWorkers;
  const service = createSearchService(ctx.db, {
    file: ctx.db.name,
    ...(workers === 0 ? { workerUrl: null } : { workers }),
  });
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
