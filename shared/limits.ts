/** Wire-contract limits (SPEC §3). One place, read by the ingest server, the UI and the tests. */
export const INGEST_LIMITS = {
  maxEventsPerRequest: 500,
  maxBodyBytes: 1024 * 1024,
  maxRawBytes: 100 * 1024,
  maxMessageChars: 2000,
  maxShortFieldChars: 200,
  maxTags: 20,
  maxDepth: 64,
} as const;

export const RATE_LIMIT = { default: 100, min: 1, max: 100_000 } as const;
/** Token bucket capacity: at least one full batch. */
export function bucketCapacity(rateLimit: number): number {
  return Math.max(rateLimit, INGEST_LIMITS.maxEventsPerRequest);
}

export const SEARCH_LIMITS = { defaultLimit: 100, maxLimit: 1000, maxBuckets: 500, defaultBuckets: 60 } as const;

export const INGEST_PATH = '/v1/ingest';
export const INGEST_KEY_HEADER = 'x-df-source-key';
export const DEFAULT_INGEST_PORT = 9470;
export const DEFAULT_CONSOLE_PORT = 9471;

/** List methods (alerts, deliveries): rows per call by default and at most. */
export const LIST_LIMITS = { defaultLimit: 100, maxLimit: 1000 } as const;

/**
 * Config field limits, one place for the engine's checks and the UI's forms. `maxMinutes` (one
 * year) bounds every minutes field — heartbeats, rule windows, cooldowns — far beyond any sensible
 * window, small enough to keep time arithmetic exact.
 */
export const CONFIG_LIMITS = {
  maxMinutes: 525_600,
  nameChars: 255,
  descriptionChars: 2000,
  ruleDescriptionChars: 4000,
  /** Threshold windows keep up to count+1 events per group (32 bytes each): bound the memory. */
  maxThresholdCount: 100_000,
  maxIdsPerList: 1000,
  fieldPathChars: 500,
  matchValueChars: 1000,
  idChars: 100,
  minPort: 1,
  maxPort: 65_535,
  idempotencyKeyChars: 255,
} as const;
