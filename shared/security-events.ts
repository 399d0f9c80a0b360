/**
 * The catalogue of Watchpost's own security events (seed 003 payloads stored under the built-in
 * "Watchpost" source and forwarded to SIEM endpoints). Each type is named once here with its
 * category, its seed-003 severity and its outcome, so the recorder never guesses them from the
 * type's wording. Adding an event is one line; `security.record()` accepts only these types.
 */
import type { CallMeta } from './api.ts';
import type { SecurityCategory } from './enums.ts';
import type { SecurityEvent } from './types.ts';

export interface SecurityEventSpec {
  category: SecurityCategory;
  severity: SecurityEvent['severity'];
  /** Stored as the envelope's `outcome`: did the thing the event describes go wrong? */
  outcome: 'success' | 'failure';
}

export const SECURITY_EVENTS = {
  // configuration changes (who changed what)
  'platform.created': { category: 'audit', severity: 'medium', outcome: 'success' },
  'platform.updated': { category: 'audit', severity: 'medium', outcome: 'success' },
  'platform.deleted': { category: 'audit', severity: 'high', outcome: 'success' },
  'log_source.created': { category: 'audit', severity: 'medium', outcome: 'success' },
  'log_source.updated': { category: 'audit', severity: 'medium', outcome: 'success' },
  'log_source.deleted': { category: 'audit', severity: 'high', outcome: 'success' },
  'log_source.credentials_updated': { category: 'audit', severity: 'high', outcome: 'success' },
  'rule.created': { category: 'audit', severity: 'medium', outcome: 'success' },
  'rule.updated': { category: 'audit', severity: 'medium', outcome: 'success' },
  'rule.deleted': { category: 'audit', severity: 'high', outcome: 'success' },
  'alert.status_changed': { category: 'audit', severity: 'low', outcome: 'success' },
  'endpoint.created': { category: 'audit', severity: 'medium', outcome: 'success' },
  'endpoint.updated': { category: 'audit', severity: 'medium', outcome: 'success' },
  'endpoint.deleted': { category: 'audit', severity: 'high', outcome: 'success' },
  // ingest keys and the ingest endpoint
  'api_key.created': { category: 'api_activity', severity: 'medium', outcome: 'success' },
  'api_key.rotated': { category: 'api_activity', severity: 'medium', outcome: 'success' },
  'api_key.revoked': { category: 'api_activity', severity: 'medium', outcome: 'success' },
  'api.rate_limited': { category: 'api_activity', severity: 'high', outcome: 'failure' },
  'ingest.auth_failed': { category: 'authentication', severity: 'medium', outcome: 'failure' },
  // health of sources and of forwarding
  'source.silent': { category: 'infrastructure', severity: 'medium', outcome: 'failure' },
  'log_source.pull_failing': { category: 'infrastructure', severity: 'high', outcome: 'failure' },
  'log_source.pull_recovered': { category: 'infrastructure', severity: 'info', outcome: 'success' },
  'siem.delivery_failed': { category: 'infrastructure', severity: 'high', outcome: 'failure' },
  'endpoint.disabled': { category: 'infrastructure', severity: 'high', outcome: 'failure' },
  'siem.test': { category: 'infrastructure', severity: 'info', outcome: 'success' },
} as const satisfies Record<string, SecurityEventSpec>;

export type SecurityEventType = keyof typeof SECURITY_EVENTS;

/** The caller of an API method as a security-event actor (only the parts that are known). */
export function actorOf(meta: CallMeta): Partial<SecurityEvent['actor']> {
  return {
    ...(meta.actor ? { userId: meta.actor } : {}),
    ...(meta.ipAddress ? { ipAddress: meta.ipAddress } : {}),
    ...(meta.userAgent ? { userAgent: meta.userAgent } : {}),
  };
}
