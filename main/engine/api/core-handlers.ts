import { PULL_SOURCE_TYPES } from '../../../shared/enums.ts';
import { validationError } from '../../../shared/errors.ts';
import type { AppInfo } from '../../../shared/types.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import type { SourceCache } from '../sources/directory.ts';
import type { SourceService } from '../sources/service.ts';
import { healthRows } from '../sources/health.ts';
import type { SearchService } from '../search/index.ts';
import { idOf } from '../validate.ts';
import type { PartialHandlers } from './handlers.ts';

/** Handlers for the core contract: app info, platforms, sources and keys, events, health. */
export function coreHandlers(d: { db: Db; clock: Clock; cache: SourceCache; sources: SourceService; search: SearchService; appInfo: () => AppInfo }): PartialHandlers {
  const { sources, search } = d;
  return {
    'app.info': () => d.appInfo(),

    'platforms.list': () => ({ items: sources.listPlatforms() }),
    'platforms.create': (input, meta) => sources.createPlatform(input, meta),
    'platforms.update': (input, meta) => sources.updatePlatform(idOf(input), input, meta),
    'platforms.delete': (input, meta) => {
      sources.deletePlatform(idOf(input), meta);
      return { deleted: true };
    },

    'sources.list': () => ({ items: sources.list() }),
    'sources.create': (input, meta) => sources.create(input, meta),
    'sources.get': (input) => sources.get(idOf(input)),
    'sources.update': (input, meta) => sources.update(idOf(input), input, meta),
    'sources.delete': (input, meta) => {
      sources.delete(idOf(input), meta);
      return { deleted: true };
    },
    'sources.generateKey': (input, meta) => sources.generateKey(idOf(input), meta),
    'sources.rotateKey': (input, meta) => sources.rotateKey(idOf(input), meta),
    'sources.revokeKey': (input, meta) => sources.revokeKey(idOf(input), meta),
    'sources.test': (input) => {
      const s = sources.get(idOf(input));
      if (!(PULL_SOURCE_TYPES as readonly string[]).includes(s.type)) {
        throw validationError(`test is for pull sources; ${s.name} is a ${s.type} push source — send it an event with its key instead`, { field: 'type' });
      }
      return {
        ok: false,
        message: `Pulling from ${s.type} is not available in this build. The credentials (${s.credentialKeys.join(', ')}) were validated and are stored encrypted.`,
        lines: [],
      };
    },

    'events.search': (input) => search.search(input, d.clock.now()),
    'events.get': (input) => search.get(idOf(input)),
    'events.histogram': (input) => search.histogram(input, d.clock.now()),
    'events.fields': (input) => search.fields(input, d.clock.now()),
    'events.top': (input) => search.top(input, d.clock.now()),

    'health.sources': () => ({ items: healthRows(d.db, d.cache.all(), d.clock.now()) }),
  };
}
