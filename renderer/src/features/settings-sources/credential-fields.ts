/**
 * Pull-type form helpers. The credential keys and labels come from shared/credentials.ts, the same
 * list the engine validates against.
 */
import type { PullSourceType, SourceType } from '../../../../shared/enums.ts';
import { PULL_SOURCE_TYPES } from '../../../../shared/enums.ts';

export { CREDENTIAL_FIELDS } from '../../../../shared/credentials.ts';
export type { CredentialField } from '../../../../shared/credentials.ts';

/** What the "sources" list means for each pull type, for the field's hint. */
export const PULL_SOURCES_HINT: Record<PullSourceType, string> = {
  cloudwatch: 'Log groups, one per line (e.g. /aws/lambda/checkout-api)',
  datadog: 'Log search queries, one per line (e.g. service:checkout-api)',
  loki: 'LogQL log selectors, one per line (e.g. {app="checkout"})',
  splunk: 'Searches, one per line (e.g. index=web sourcetype=access); pulled by index time',
  elastic: 'Indices or patterns, one per line (e.g. logs-*)',
  gcp_logging: 'Logging filters, one per line (e.g. logName="projects/p/logs/app"); ANDed with the time window',
};

export function isPullType(type: SourceType): type is PullSourceType {
  return (PULL_SOURCE_TYPES as readonly string[]).includes(type);
}

export function hasListener(type: SourceType): boolean {
  return type === 'syslog' || type === 'cef' || type === 'gelf';
}
