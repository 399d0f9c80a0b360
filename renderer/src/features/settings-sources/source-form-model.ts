/**
 * The "New Log Source" / edit form as plain data: seed defaults, client-side checks that mirror the
 * engine's, and the API input built from a draft (errors: ui/form-errors.ts).
 */
import type { SourceType } from '../../../../shared/enums.ts';
import { CONFIG_LIMITS, RATE_LIMIT } from '../../../../shared/limits.ts';
import type { LogSource, LogSourceInput, PullDraftInput } from '../../../../shared/types.ts';
import { INITIAL_LOOKBACK_MINUTES, LAG_SECONDS, POLL_INTERVAL_SECONDS } from '../../../../shared/pull.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { CREDENTIAL_FIELDS, hasListener, isPullType } from './credential-fields.ts';

export interface SourceDraft {
  name: string;
  type: SourceType;
  active: boolean;
  rateLimit: string;
  description: string;
  platformId: string;
  heartbeatMinutes: string;
  credentials: Record<string, string>;
  /** Pull types: one entry per line. */
  sources: string;
  listenPort: string;
  /** Pull types: seconds between polls, seconds of lag ('' = the type's default), first look-back in minutes. */
  pollIntervalSeconds: string;
  lagSeconds: string;
  initialLookbackMinutes: string;
}

/** Seed 000 defaults: Generic JSON, Active = Yes, Rate Limit 100, heartbeat off. */
export function emptyDraft(): SourceDraft {
  return {
    name: '',
    type: 'generic_json',
    active: true,
    rateLimit: String(RATE_LIMIT.default),
    description: '',
    platformId: '',
    heartbeatMinutes: '0',
    credentials: {},
    sources: '',
    listenPort: '',
    pollIntervalSeconds: String(POLL_INTERVAL_SECONDS.default),
    lagSeconds: '',
    initialLookbackMinutes: String(INITIAL_LOOKBACK_MINUTES.default),
  };
}

export function draftFromSource(s: LogSource): SourceDraft {
  return {
    name: s.name,
    type: s.type,
    active: s.active,
    rateLimit: String(s.rateLimit),
    description: s.description,
    platformId: s.platformId ?? '',
    heartbeatMinutes: String(s.heartbeatMinutes),
    credentials: {},
    sources: s.sources.join('\n'),
    listenPort: s.listenPort === null ? '' : String(s.listenPort),
    pollIntervalSeconds: String(s.pollIntervalSeconds ?? POLL_INTERVAL_SECONDS.default),
    lagSeconds: s.lagSeconds === undefined ? '' : String(s.lagSeconds),
    initialLookbackMinutes: String(s.initialLookbackMinutes ?? INITIAL_LOOKBACK_MINUTES.default),
  };
}

function intIn(raw: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

function pullSourceList(raw: string): string[] {
  return raw
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Non-blank credentials of the draft's current type (values typed for another type are dropped). */
function filledCredentials(draft: SourceDraft): Record<string, string> {
  if (!isPullType(draft.type)) return {};
  const keys = new Set(CREDENTIAL_FIELDS[draft.type].map((c) => c.key));
  return Object.fromEntries(Object.entries(draft.credentials).filter(([k, v]) => keys.has(k) && v.trim() !== ''));
}

/** The Test / discovery input for a draft: its pull credentials and targets; blank credentials while editing = the stored ones. */
export function draftToPullInput(draft: SourceDraft, sourceId?: string): PullDraftInput {
  const input: PullDraftInput = { type: draft.type, credentials: filledCredentials(draft), sources: pullSourceList(draft.sources) };
  if (sourceId) input.id = sourceId;
  return input;
}

/**
 * Checks before sending, in the engine's own words. `editing` relaxes credentials: blank means
 * "keep the stored ones", but once any is typed the whole set is replaced, so required ones must be there.
 */
export function validateDraft(draft: SourceDraft, editing: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = 'Source Name is required';
  else if (name.length > 255) errors.name = `Source Name must be at most 255 characters (got ${name.length})`;
  if (intIn(draft.rateLimit, RATE_LIMIT.min, RATE_LIMIT.max) === null) {
    errors.rateLimit = `Rate Limit must be a whole number from ${RATE_LIMIT.min} to ${RATE_LIMIT.max.toLocaleString('en-US')} events per second`;
  }
  if (intIn(draft.heartbeatMinutes, 0, CONFIG_LIMITS.maxMinutes) === null) {
    errors.heartbeatMinutes = `Expected heartbeat must be a whole number of minutes from 0 to ${CONFIG_LIMITS.maxMinutes.toLocaleString('en-US')} (0 turns monitoring off)`;
  }
  if (draft.description.length > 2000) errors.description = 'Description must be at most 2000 characters';
  if (isPullType(draft.type)) {
    const creds = filledCredentials(draft);
    if (!editing || Object.keys(creds).length > 0) {
      for (const field of CREDENTIAL_FIELDS[draft.type]) {
        if (field.required && !creds[field.key]) errors[`credentials.${field.key}`] = `${field.label} is required`;
      }
      if (draft.type === 'elastic' && !creds.apiKey && !(creds.username && creds.password)) {
        errors.credentials = 'Elastic needs a username and password, or an API key';
      }
    }
    if (pullSourceList(draft.sources).length === 0) errors.sources = 'List at least one log group, index or selector';
    if (intIn(draft.pollIntervalSeconds, POLL_INTERVAL_SECONDS.min, POLL_INTERVAL_SECONDS.max) === null) {
      errors.pollIntervalSeconds = `Poll interval must be a whole number of seconds from ${POLL_INTERVAL_SECONDS.min} to ${POLL_INTERVAL_SECONDS.max}`;
    }
    if (draft.lagSeconds.trim() !== '' && intIn(draft.lagSeconds, LAG_SECONDS.min, LAG_SECONDS.max) === null) {
      errors.lagSeconds = `Lag must be a whole number of seconds from ${LAG_SECONDS.min} to ${LAG_SECONDS.max.toLocaleString('en-US')}, or empty for the default`;
    }
    if (intIn(draft.initialLookbackMinutes, INITIAL_LOOKBACK_MINUTES.min, INITIAL_LOOKBACK_MINUTES.max) === null) {
      errors.initialLookbackMinutes = `First look-back must be a whole number of minutes from ${INITIAL_LOOKBACK_MINUTES.min} to ${INITIAL_LOOKBACK_MINUTES.max.toLocaleString('en-US')}`;
    }
  }
  if (hasListener(draft.type) && draft.listenPort.trim() !== '' && intIn(draft.listenPort, 1, 65535) === null) {
    errors.listenPort = 'Listener port must be a number from 1 to 65535';
  }
  return errors;
}

/** The API input for create (all fields) or update (type omitted: it cannot change). */
export function draftToInput(draft: SourceDraft, editing: boolean): LogSourceInput {
  const input: LogSourceInput = {
    name: draft.name.trim(),
    active: draft.active,
    rateLimit: Number(draft.rateLimit),
    description: draft.description,
    platformId: draft.platformId || null,
    heartbeatMinutes: Number(draft.heartbeatMinutes),
  };
  if (!editing) input.type = draft.type;
  if (isPullType(draft.type)) {
    const creds = filledCredentials(draft);
    if (!editing || Object.keys(creds).length > 0) input.credentials = creds;
    input.sources = pullSourceList(draft.sources);
    input.pollIntervalSeconds = Number(draft.pollIntervalSeconds);
    if (draft.lagSeconds.trim() !== '') input.lagSeconds = Number(draft.lagSeconds);
    input.initialLookbackMinutes = Number(draft.initialLookbackMinutes);
  }
  if (hasListener(draft.type)) input.listenPort = draft.listenPort.trim() === '' ? null : Number(draft.listenPort);
  return input;
}
