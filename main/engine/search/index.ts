/** Log Viewer search: events.search / get / histogram / fields over the store (SPEC §4, §5). */
export { createSearch } from './search.ts';
export type { Search } from './search.ts';
export { FIELDS_SAMPLE_SIZE } from './fields.ts';
export { createSearchService, defaultWorkerUrl } from './pool.ts';
export type { SearchService, SearchServiceOptions } from './pool.ts';
