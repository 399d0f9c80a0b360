/**
 * Pull sources as the poller needs them: read from the sources table with credentials decrypted.
 * The config hash changes whenever anything that shapes a poll changes, so the scheduler restarts
 * exactly the sources that were edited.
 */
import { createHash } from 'node:crypto';
import { PULL_SOURCE_TYPES } from '../../../shared/enums.ts';
import type { PullSourceType } from '../../../shared/enums.ts';
import { DEFAULT_LAG_SECONDS, INITIAL_LOOKBACK_MINUTES, POLL_INTERVAL_SECONDS } from '../../../shared/pull.ts';
import type { SecretBox } from '../context.ts';
import type { Db } from '../store/db.ts';

export interface PullSourceConfig {
  seq: number;
  id: string;
  name: string;
  type: PullSourceType;
  active: boolean;
  creds: Record<string, string>;
  /** Why the stored credentials cannot be used (undecryptable), or null. */
  credsError: string | null;
  targets: string[];
  intervalMs: number;
  lagMs: number;
  lookbackMs: number;
  hash: string;
}

interface Row {
  seq: number;
  id: string;
  name: string;
  type: string;
  active: number;
  credentials_enc: string | null;
  pull_sources: string;
  poll_interval_seconds: number;
  lag_seconds: number | null;
  initial_lookback_minutes: number;
}

const TYPES_SQL = PULL_SOURCE_TYPES.map((t) => `'${t}'`).join(',');

function toConfig(r: Row, secrets: SecretBox): PullSourceConfig {
  const type = r.type as PullSourceType;
  let creds: Record<string, string> = {};
  let credsError: string | null = null;
  if (!r.credentials_enc) credsError = 'no credentials are stored for this source';
  else {
    try {
      creds = JSON.parse(secrets.decrypt(r.credentials_enc)) as Record<string, string>;
    } catch {
      credsError = 'the stored credentials cannot be decrypted (was the secret key replaced?); enter them again';
    }
  }
  const cfg = {
    seq: r.seq,
    id: r.id,
    name: r.name,
    type,
    active: r.active === 1,
    creds,
    credsError,
    targets: JSON.parse(r.pull_sources) as string[],
    intervalMs: (r.poll_interval_seconds || POLL_INTERVAL_SECONDS.default) * 1000,
    lagMs: (r.lag_seconds ?? DEFAULT_LAG_SECONDS[type]) * 1000,
    lookbackMs: (r.initial_lookback_minutes ?? INITIAL_LOOKBACK_MINUTES.default) * 60_000,
  };
  const hash = createHash('sha256')
    .update(JSON.stringify([r.credentials_enc, cfg.name, cfg.active, cfg.targets, cfg.intervalMs, cfg.lagMs, cfg.lookbackMs]))
    .digest('hex');
  return { ...cfg, hash };
}

/** Every pull source (active or not). */
export function loadPullSources(db: Db, secrets: SecretBox): PullSourceConfig[] {
  return (db.prepare(`SELECT * FROM sources WHERE type IN (${TYPES_SQL})`).all() as Row[]).map((r) => toConfig(r, secrets));
}

/** One pull source by id, or null when it does not exist or is a push source. */
export function loadPullSource(db: Db, secrets: SecretBox, id: string): PullSourceConfig | null {
  const r = db.prepare(`SELECT * FROM sources WHERE id = ? AND type IN (${TYPES_SQL})`).get(id) as Row | undefined;
  return r ? toConfig(r, secrets) : null;
}

/** The credential values to blank out of every message. */
export function secretValues(creds: Record<string, string>): string[] {
  const basic = creds.username && creds.password ? [`${creds.username}:${creds.password}`] : [];
  return [...basic, ...secretFields(creds)];
}

function secretFields(creds: Record<string, string>): string[] {
  return Object.entries(creds)
    .filter(([k]) => !['host', 'endpoint', 'region', 'site', 'orgId', 'username', 'caCertPem'].includes(k))
    .flatMap(([k, v]) => {
      if (k !== 'serviceAccountJson') return [v];
      try {
        const j = JSON.parse(v) as Record<string, unknown>;
        return [v, ...['private_key', 'private_key_id'].map((f) => j[f]).filter((x): x is string => typeof x === 'string')];
      } catch {
        return [v];
      }
    });
}
