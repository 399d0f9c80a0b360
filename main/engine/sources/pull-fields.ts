/**
 * The pull-only parts of a log source record (SPEC §2): schedule fields read from create/update
 * bodies, and the schedule plus poll status shown on the record (credentials never, only
 * `credentialsSet`).
 */
import type { PullSourceType } from '../../../shared/enums.ts';
import { DEFAULT_LAG_SECONDS, INITIAL_LOOKBACK_MINUTES, LAG_SECONDS, POLL_INTERVAL_SECONDS } from '../../../shared/pull.ts';
import type { LogSource } from '../../../shared/types.ts';
import type { Db } from '../store/db.ts';
import { EMPTY_PULL_STATUS, pullStatuses } from '../pull/checkpoint-store.ts';
import { optInt } from '../validate.ts';
import type { Input } from '../validate.ts';

/** Column defaults for a new source (lag null = the type's default). */
export const PULL_SCHEDULE_DEFAULTS = {
  poll_interval_seconds: POLL_INTERVAL_SECONDS.default,
  lag_seconds: null,
  initial_lookback_minutes: INITIAL_LOOKBACK_MINUTES.default,
};

/** Columns for pollIntervalSeconds, lagSeconds (null = the type's default) and initialLookbackMinutes. */
export function readPullSchedule(input: Input): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const interval = optInt(input, 'pollIntervalSeconds', POLL_INTERVAL_SECONDS);
  if (interval !== undefined) out.poll_interval_seconds = interval;
  if (input.lagSeconds === null) out.lag_seconds = null;
  else {
    const lag = optInt(input, 'lagSeconds', LAG_SECONDS);
    if (lag !== undefined) out.lag_seconds = lag;
  }
  const lookback = optInt(input, 'initialLookbackMinutes', INITIAL_LOOKBACK_MINUTES);
  if (lookback !== undefined) out.initial_lookback_minutes = lookback;
  return out;
}

type PullRecord = Pick<
  LogSource,
  'credentialsSet' | 'pollIntervalSeconds' | 'lagSeconds' | 'initialLookbackMinutes' | 'lastPollAt' | 'lastSuccessAt' | 'lastError' | 'pulledTotal' | 'lagMs'
>;

export function pullFields(
  db: Db,
  r: { seq: number; type: string; poll_interval_seconds: number; lag_seconds: number | null; initial_lookback_minutes: number },
  credentialsSet: boolean,
  now: number,
): PullRecord {
  const status = pullStatuses(db, now, r.seq).get(r.seq) ?? EMPTY_PULL_STATUS;
  return {
    credentialsSet,
    pollIntervalSeconds: r.poll_interval_seconds,
    lagSeconds: r.lag_seconds ?? DEFAULT_LAG_SECONDS[r.type as PullSourceType],
    initialLookbackMinutes: r.initial_lookback_minutes,
    ...status,
  };
}
