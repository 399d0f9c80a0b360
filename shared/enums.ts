/** Enumerations shared by engine, API and UI. Order matters where a level is implied. */

export const SEVERITIES = ['debug', 'info', 'notice', 'warn', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Severity as a level number (debug = 0 … critical = 5), used for `severity:>=warn` and minSeverity. */
export function severityLevel(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export const CATEGORIES = ['auth', 'network', 'app', 'system', 'audit', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const OUTCOMES = ['success', 'failure', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const PUSH_SOURCE_TYPES = ['generic_json', 'syslog', 'cef', 'gelf'] as const;
export const PULL_SOURCE_TYPES = ['cloudwatch', 'datadog', 'loki', 'splunk', 'elastic', 'gcp_logging'] as const;
export const SOURCE_TYPES = [...PUSH_SOURCE_TYPES, ...PULL_SOURCE_TYPES] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export type PullSourceType = (typeof PULL_SOURCE_TYPES)[number];

/** Human labels, in the seed documents' own words. */
export const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  generic_json: 'Generic JSON',
  syslog: 'Syslog',
  cef: 'CEF',
  gelf: 'GELF',
  cloudwatch: 'AWS CloudWatch',
  datadog: 'Datadog',
  loki: 'Grafana Loki',
  splunk: 'Splunk',
  elastic: 'Elastic',
  gcp_logging: 'GCP Logging',
};

export const HEALTH_STATUSES = ['healthy', 'silent', 'awaiting', 'inactive'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const RULE_SEVERITIES = ['info', 'notice', 'warn', 'error', 'critical'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];
export const RULE_TYPES = ['threshold', 'pattern', 'absence'] as const;
export type RuleType = (typeof RULE_TYPES)[number];
/** The common threshold group-bys; any envelope field or raw.<path> is accepted too (SPEC §6 revised). */
export type GroupBy = 'none' | 'host' | 'user' | 'action' | 'source';
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Why an analyst resolved an alert. */
export const ALERT_RESOLUTIONS = ['true_positive', 'false_positive', 'benign', 'duplicate', 'other'] as const;
export type AlertResolution = (typeof ALERT_RESOLUTIONS)[number];

export const SECURITY_CATEGORIES = ['authentication', 'audit', 'api_activity', 'data_access', 'infrastructure'] as const;
export type SecurityCategory = (typeof SECURITY_CATEGORIES)[number];
export const AUTH_TYPES = ['bearer', 'header', 'none'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export const ENDPOINT_FORMATS = ['generic', 'splunk_hec', 'datadog'] as const;
export type EndpointFormat = (typeof ENDPOINT_FORMATS)[number];
export const DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Seed 003's security-event severities, mapped onto Watchpost's scale (for storage and minSeverity). */
export const SECURITY_SEVERITY_MAP = { info: 'info', low: 'info', medium: 'notice', high: 'error', critical: 'critical' } as const satisfies Record<
  string,
  Severity
>;
/** Security-event categories stored under the envelope categories. */
export const SECURITY_CATEGORY_MAP = {
  authentication: 'auth',
  audit: 'audit',
  api_activity: 'app',
  data_access: 'audit',
  infrastructure: 'system',
} as const satisfies Record<SecurityCategory, Category>;
