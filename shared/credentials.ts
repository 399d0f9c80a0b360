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

const CA = f('caCertPem', 'CA certificate (PEM, private TLS chain)', false, false, true);

export const CREDENTIAL_FIELDS: Record<PullSourceType, CredentialField[]> = {
  cloudwatch: [
    f('accessKeyId', 'Access key ID', true, false),
    f('secretAccessKey', 'Secret access key', true, true),
    f('sessionToken', 'Session token', false, true),
    f('region', 'Region (default us-east-1)', false, false),
    f('endpoint', 'Endpoint URL (VPC endpoint, proxy)', false, false),
    CA,
  ],
  datadog: [
    f('apiKey', 'API key', true, true),
    f('appKey', 'Application key', true, true),
    f('site', 'Site (default datadoghq.com)', false, false),
    f('endpoint', 'Endpoint URL (proxy)', false, false),
    CA,
  ],
  loki: [
    f('host', 'Host URL', true, false),
    f('apiKey', 'API key (or user:token for Basic)', false, true),
    f('orgId', 'Org ID (X-Scope-OrgID)', false, false),
    CA,
  ],
  splunk: [f('host', 'Host URL (management port, e.g. https://splunk:8089)', true, false), f('token', 'Token', true, true), CA],
  elastic: [
    f('host', 'Host URL', true, false),
    f('username', 'Username', false, false),
    f('password', 'Password', false, true),
    f('apiKey', 'API key (encoded id:key)', false, true),
    CA,
  ],
  gcp_logging: [f('serviceAccountJson', 'Service account JSON', true, true, true), f('endpoint', 'Endpoint URL (without /v2)', false, false), CA],
};

/** Credential keys that hold a base URL: http:// or https:// only. */
export const URL_CREDENTIALS = ['host', 'endpoint'] as const;

/** Types that need one complete group of optional keys (elastic: username+password, or apiKey). */
export const CREDENTIAL_ANY_OF: Partial<Record<PullSourceType, string[][]>> = {
  elastic: [['username', 'password'], ['apiKey']],
};
