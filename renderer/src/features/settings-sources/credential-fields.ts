/**
 * Credential keys per pull type, as the seed (001) lists them, with the labels the form shows.
 * The engine validates the same keys; this list only drives which inputs appear.
 */
import type { PullSourceType, SourceType } from '../../../../shared/enums.ts';
import { PULL_SOURCE_TYPES } from '../../../../shared/enums.ts';

export interface CredentialField {
  key: string;
  label: string;
  required: boolean;
  secret: boolean;
  multiline?: boolean;
}

const f = (key: string, label: string, required: boolean, secret: boolean, multiline = false): CredentialField => ({ key, label, required, secret, multiline });

export const CREDENTIAL_FIELDS: Record<PullSourceType, CredentialField[]> = {
  cloudwatch: [f('accessKeyId', 'Access key ID', true, false), f('secretAccessKey', 'Secret access key', true, true), f('sessionToken', 'Session token', false, true), f('region', 'Region', false, false)],
  datadog: [f('apiKey', 'API key', true, true), f('appKey', 'Application key', true, true), f('site', 'Site (e.g. datadoghq.eu)', false, false)],
  loki: [f('host', 'Host URL', true, false), f('apiKey', 'API key', false, true), f('orgId', 'Org ID', false, false)],
  splunk: [f('host', 'Host URL', true, false), f('token', 'Token', true, true)],
  elastic: [f('host', 'Host URL', true, false), f('username', 'Username', false, false), f('password', 'Password', false, true), f('apiKey', 'API key', false, true)],
  gcp_logging: [f('serviceAccountJson', 'Service account JSON', true, true, true)],
};

/** What the "sources" list means for each pull type, for the field's hint. */
export const PULL_SOURCES_HINT: Record<PullSourceType, string> = {
  cloudwatch: 'Log groups, one per line (e.g. /aws/lambda/checkout-api)',
  datadog: 'Log queries, one per line (e.g. service:checkout-api)',
  loki: 'Label selectors, one per line (e.g. {app="checkout"})',
  splunk: 'Indexes, one per line',
  elastic: 'Indices or patterns, one per line (e.g. logs-*)',
  gcp_logging: 'Log names or filters, one per line',
};

export function isPullType(type: SourceType): type is PullSourceType {
  return (PULL_SOURCE_TYPES as readonly string[]).includes(type);
}

export function hasListener(type: SourceType): boolean {
  return type === 'syslog' || type === 'cef';
}
