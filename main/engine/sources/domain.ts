/**
 * Log sources and platforms as an engine domain: the platforms.* and sources.* methods over the
 * source service. Creating it makes sure the built-in "Watchpost" source exists, so it comes first
 * in domains.ts: every security event recorded afterwards has a source to be stored under.
 */
import type { Domain, DomainContext } from '../context.ts';
import { idOf } from '../validate.ts';
import { SourceService } from './service.ts';

export interface SourcesDomain extends Domain {
  readonly service: SourceService;
}

export function createSourcesDomain(ctx: DomainContext): SourcesDomain {
  const { db, clock, secrets, security } = ctx;
  const sources = new SourceService({
    db,
    clock,
    cache: ctx.sources,
    secrets,
    security,
    operator: ctx.settings.operator,
    ingestUrl: () => ctx.urls().lanIngestUrls[0] ?? ctx.urls().ingestUrl,
  });
  sources.ensureBuiltIn();
  return {
    service: sources,
    handlers: {
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
      // sources.test, sources.testDraft and sources.discover: the pull domain (pull/index.ts).
    },
  };
}
