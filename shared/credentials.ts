/**
 * Credential keys per pull type (seed 001), with the labels the form shows. The one list both the
 * engine (validation) and the UI (which inputs appear) read.
 */
import type { PullSourceType } from './enums.ts';

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

/** Types that need one complete group of optional keys (elastic: username+password, or apiKey). */
export const CREDENTIAL_ANY_OF: Partial<Record<PullSourceType, string[][]>> = {
  elastic: [['username', 'password'], ['apiKey']],
};
