/**
 * Pull-source settings shared by engine and UI (SPEC §2, reference/pull-connectors.md): poll
 * interval bounds, each type's default lag (how far behind now a window ends, because providers
 * make entries queryable late), the first poll's look-back, and the Datadog sites.
 */
import type { PullSourceType } from './enums.ts';

export const POLL_INTERVAL_SECONDS = { min: 10, max: 3600, default: 60 } as const;
export const LAG_SECONDS = { min: 0, max: 86_400 } as const;
export const INITIAL_LOOKBACK_MINUTES = { min: 0, max: 43_200, default: 60 } as const;

/** Default lag per type: CloudWatch and Datadog index late; Elasticsearch refreshes within seconds. */
export const DEFAULT_LAG_SECONDS: Record<PullSourceType, number> = {
  cloudwatch: 300,
  datadog: 300,
  loki: 120,
  splunk: 120,
  elastic: 30,
  gcp_logging: 120,
};

/** Re-read before each checkpoint (seconds): entries up to this much later than the lag are still caught, de-duplicated by id. */
export const PULL_OVERLAP_SECONDS = 30;

/** Entries shown by Test per target. */
export const PREVIEW_LINES = 20;

export const DATADOG_SITES = [
  'datadoghq.com',
  'us3.datadoghq.com',
  'us5.datadoghq.com',
  'datadoghq.eu',
  'ap1.datadoghq.com',
  'ap2.datadoghq.com',
  'uk1.datadoghq.com',
  'ddog-gov.com',
  'us2.ddog-gov.com',
] as const;
