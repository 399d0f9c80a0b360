/**
 * The SIEM endpoint editor's model, kept free of React so it is unit-tested: draft ↔ API input,
 * local checks that mirror the engine's (https only, auth value needed), the automatic Splunk HEC
 * format, and the write-only secret rule (an empty auth value on edit keeps the stored one).
 */
import type { AuthType, EndpointFormat, SecurityCategory, Severity } from '../../../../shared/enums.ts';
import { SECURITY_CATEGORIES } from '../../../../shared/enums.ts';
import type { Endpoint, EndpointInput } from '../../../../shared/types.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';

export interface EndpointDraft {
  name: string;
  url: string;
  caCertPem: string;
  authType: AuthType;
  authHeaderName: string;
  /** A new auth value typed by the user; '' on edit means "keep the stored one". */
  authValue: string;
  /** Edit only: the user clicked "Change" to replace the stored auth value. */
  changingAuth: boolean;
  format: EndpointFormat;
  /** True once the user picked a format; until then the URL decides (Splunk HEC detection). */
  formatTouched: boolean;
  categories: SecurityCategory[];
  alerts: boolean;
  logs: boolean;
  logSourceIds: string[];
  minSeverity: Severity;
  enabled: boolean;
}

export const FORMAT_LABELS: Record<EndpointFormat, string> = { generic: 'Generic webhook (signed JSON)', splunk_hec: 'Splunk HEC', datadog: 'Datadog Logs' };
export const AUTH_LABELS: Record<AuthType, string> = { bearer: 'Bearer Token', header: 'Header', none: 'None' };
export const CATEGORY_LABELS: Record<SecurityCategory, string> = {
  authentication: 'Authentication',
  audit: 'Audit',
  api_activity: 'API activity',
  data_access: 'Data access',
  infrastructure: 'Infrastructure',
};

export function emptyDraft(): EndpointDraft {
  return {
    name: '',
    url: 'https://',
    caCertPem: '',
    authType: 'bearer',
    authHeaderName: '',
    authValue: '',
    changingAuth: true,
    format: 'generic',
    formatTouched: false,
    categories: [...SECURITY_CATEGORIES],
    alerts: true,
    logs: false,
    logSourceIds: [],
    minSeverity: 'debug',
    enabled: true,
  };
}

export function draftFromEndpoint(ep: Endpoint): EndpointDraft {
  return {
    name: ep.name,
    url: ep.url,
    caCertPem: ep.caCertPem ?? '',
    authType: ep.authType,
    authHeaderName: ep.authHeaderName ?? '',
    authValue: '',
    changingAuth: !ep.authValueSet,
    format: ep.format,
    formatTouched: false,
    categories: [...ep.categories],
    alerts: ep.alerts,
    logs: ep.logs,
    logSourceIds: [...ep.logSourceIds],
    minSeverity: ep.minSeverity,
    enabled: ep.enabled,
  };
}

/** Seed 003: "Flowstate automatically formats the payload for Splunk when the endpoint URL contains /services/collector". */
export function formatForUrl(url: string, current: EndpointFormat): EndpointFormat {
  if (url.includes('/services/collector')) return 'splunk_hec';
  return current === 'splunk_hec' ? 'generic' : current;
}

/** Apply a URL edit, moving the format along with it unless the user chose one. */
export function withUrl(d: EndpointDraft, url: string): EndpointDraft {
  return { ...d, url, format: d.formatTouched ? d.format : formatForUrl(url, d.format) };
}

export function validateDraft(d: EndpointDraft, existing?: Endpoint): FieldErrors {
  const errors: FieldErrors = {};
  if (!d.name.trim()) errors['name'] = 'Name is required';
  const url = d.url.trim();
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    errors['url'] = 'Enter a full URL, e.g. https://siem.example.com/hook';
  }
  if (parsed && parsed.protocol === 'http:') errors['url'] = 'Use https:// — Watchpost refuses http so events are never sent in clear text';
  else if (parsed && parsed.protocol !== 'https:') errors['url'] = 'The URL must start with https://';
  else if (parsed && !parsed.hostname) errors['url'] = 'The URL must name a host';
  if (d.caCertPem.trim() && !d.caCertPem.includes('-----BEGIN CERTIFICATE-----'))
    errors['caCertPem'] = 'Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)';
  if (d.authType === 'header' && !d.authHeaderName.trim() && d.format !== 'datadog') errors['authHeaderName'] = 'Header name is required (e.g. X-API-Key)';
  const storedValue = existing?.authValueSet === true && existing.authType !== 'none';
  if (d.authType !== 'none' && !d.authValue && (d.changingAuth || !storedValue)) errors['authValue'] = 'Auth value is required for this auth type';
  return errors;
}

/** The API input: every field except an unchanged secret and an untouched format. */
export function draftToInput(d: EndpointDraft): EndpointInput {
  const input: EndpointInput = {
    name: d.name.trim(),
    url: d.url.trim(),
    caCertPem: d.caCertPem.trim() ? d.caCertPem.trim() : null,
    authType: d.authType,
    authHeaderName: d.authType === 'header' && d.authHeaderName.trim() ? d.authHeaderName.trim() : null,
    categories: d.categories,
    alerts: d.alerts,
    logs: d.logs,
    logSourceIds: d.logSourceIds,
    minSeverity: d.minSeverity,
    enabled: d.enabled,
  };
  // An untouched format is left to the engine, which follows the URL (Splunk HEC detection).
  if (d.formatTouched) input.format = d.format;
  if (d.authType !== 'none' && d.authValue) input.authValue = d.authValue;
  return input;
}
