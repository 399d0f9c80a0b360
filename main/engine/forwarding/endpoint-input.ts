import { X509Certificate } from 'node:crypto';
import { AUTH_TYPES, ENDPOINT_FORMATS, SECURITY_CATEGORIES, SEVERITIES } from '../../../shared/enums.ts';
import type { EndpointFormat, SecurityCategory } from '../../../shared/enums.ts';
import { validationError } from '../../../shared/errors.ts';
import type { Endpoint } from '../../../shared/types.ts';
import { CONFIG_LIMITS } from '../../../shared/limits.ts';
import { asInput, bool, oneOf, rejectUnknown, str, strList } from '../validate.ts';
import type { Input } from '../validate.ts';

/** Every field an endpoint input may carry (API names). */
export const ENDPOINT_FIELDS = [
  'name',
  'url',
  'caCertPem',
  'authType',
  'authHeaderName',
  'authValue',
  'format',
  'categories',
  'alerts',
  'logs',
  'logSourceIds',
  'minSeverity',
  'enabled',
] as const;

/** An endpoint's settings after validation, with the auth value in plain text (never stored so). */
export interface EndpointSettings
  extends Pick<
    Endpoint,
    'name' | 'url' | 'caCertPem' | 'authType' | 'authHeaderName' | 'format' | 'categories' | 'alerts' | 'logs' | 'logSourceIds' | 'minSeverity' | 'enabled'
  > {
  /** Plain text only in memory; null = none. */
  authValue: string | null;
  formatAuto: boolean;
}

/** Headers Watchpost sets itself; an auth header must not replace them. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** Splunk HEC is recognised by its path, as seed 003 promises ("automatic when the URL contains /services/collector"). */
export function formatForUrl(url: string): EndpointFormat | null {
  return url.includes('/services/collector') ? 'splunk_hec' : null;
}

function parseUrl(input: Input): string {
  const raw = str(input, 'url', { min: 1, max: 2048 });
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw validationError(`url is not a valid URL: ${JSON.stringify(raw.slice(0, 100))}`, { field: 'url' });
  }
  if (u.protocol === 'http:') {
    throw validationError('url must use https:// — http is refused so forwarded events are never sent in clear text', { field: 'url' });
  }
  if (u.protocol !== 'https:') throw validationError(`url must be an https:// URL (got ${u.protocol})`, { field: 'url' });
  if (!u.hostname) throw validationError('url must name a host', { field: 'url' });
  return u.toString();
}

function parseCa(input: Input): string | null {
  const v = input['caCertPem'];
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
  const pem = str(input, 'caCertPem', { min: 1, max: 200_000 });
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) throw validationError('caCertPem must hold at least one PEM certificate (-----BEGIN CERTIFICATE-----)', { field: 'caCertPem' });
  blocks.forEach((b, i) => {
    try {
      new X509Certificate(b);
    } catch (err) {
      throw validationError(`caCertPem certificate ${i + 1} cannot be read: ${(err as Error).message}`, { field: 'caCertPem', index: i });
    }
  });
  return blocks.join('\n') + '\n';
}

function parseAuthValue(input: Input): string | null | undefined {
  const v = input['authValue'];
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const s = str(input, 'authValue', { min: 1, max: 4096, trim: false });
  if (/[\r\n\0]/.test(s)) throw validationError('authValue must not contain line breaks', { field: 'authValue' });
  return s;
}

function parseHeaderName(input: Input): string | null | undefined {
  const v = input['authHeaderName'];
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const s = str(input, 'authHeaderName', { min: 1, max: 100 });
  if (!HEADER_TOKEN.test(s)) throw validationError('authHeaderName must be an HTTP header name (letters, digits, - and _)', { field: 'authHeaderName' });
  if (RESERVED_HEADERS.has(s.toLowerCase()))
    throw validationError(`authHeaderName ${s} is set by Watchpost itself; choose another header`, { field: 'authHeaderName' });
  return s;
}

function parseCategories(input: Input): SecurityCategory[] | undefined {
  const list = strList(input, 'categories', { maxItems: 20, maxLen: 40 });
  if (list === undefined) return undefined;
  list.forEach((c, i) => {
    if (!(SECURITY_CATEGORIES as readonly string[]).includes(c)) {
      throw validationError(`categories[${i}] must be one of ${SECURITY_CATEGORIES.join(', ')} (got ${JSON.stringify(c)})`, { field: 'categories', index: i });
    }
  });
  return SECURITY_CATEGORIES.filter((c) => list.includes(c));
}

/**
 * Validate a create (`existing` undefined) or update input and merge it over the stored settings.
 * Errors name the field. `sourceExists` checks logSourceIds against the source directory.
 */
export function parseEndpointInput(raw: unknown, existing: EndpointSettings | undefined, sourceExists: (id: string) => boolean): EndpointSettings {
  const input = asInput(raw, 'endpoint');
  rejectUnknown(input, [...ENDPOINT_FIELDS, ...(existing ? ['id'] : [])], 'endpoint');
  if (!existing && input['name'] === undefined) throw validationError('name is required', { field: 'name' });
  if (!existing && input['url'] === undefined) throw validationError('url is required', { field: 'url' });
  const name = input['name'] === undefined ? existing!.name : str(input, 'name', { min: 1, max: CONFIG_LIMITS.nameChars });
  const url = input['url'] === undefined ? existing!.url : parseUrl(input);
  const caCertPem = input['caCertPem'] === undefined ? (existing?.caCertPem ?? null) : parseCa(input);
  const authType = oneOf(input, 'authType', AUTH_TYPES) ?? existing?.authType ?? 'none';
  let authHeaderName = parseHeaderName(input);
  if (authHeaderName === undefined) authHeaderName = existing?.authHeaderName ?? null;
  let authValue = parseAuthValue(input);

  const explicitFormat = oneOf(input, 'format', ENDPOINT_FORMATS);
  let format: EndpointFormat;
  let formatAuto: boolean;
  if (explicitFormat !== undefined) {
    format = explicitFormat;
    formatAuto = false;
  } else if (!existing || existing.formatAuto) {
    format = formatForUrl(url) ?? 'generic';
    formatAuto = true;
  } else {
    format = existing.format;
    formatAuto = false;
  }

  if (authType === 'none') {
    authValue = null;
    authHeaderName = null;
  } else {
    const hasValue = authValue !== undefined ? authValue !== null : (existing?.authValue ?? null) !== null;
    if (!hasValue) throw validationError(`authValue is required when authType is ${authType}`, { field: 'authValue' });
    if (authType === 'header' && authHeaderName === null) {
      if (format === 'datadog') authHeaderName = 'DD-API-KEY';
      else throw validationError('authHeaderName is required when authType is header', { field: 'authHeaderName' });
    }
    if (authType === 'bearer') authHeaderName = null;
  }
  const finalAuthValue = authValue === undefined ? (existing?.authValue ?? null) : authValue;

  const logSourceIds = strList(input, 'logSourceIds', { maxItems: 1000, maxLen: 100 }) ?? existing?.logSourceIds ?? [];
  logSourceIds.forEach((id, i) => {
    if (!sourceExists(id)) throw validationError(`logSourceIds[${i}]: log source ${id} not found`, { field: 'logSourceIds', index: i });
  });

  return {
    name,
    url,
    caCertPem,
    authType,
    authHeaderName,
    authValue: finalAuthValue,
    format,
    formatAuto,
    categories: parseCategories(input) ?? existing?.categories ?? [...SECURITY_CATEGORIES],
    alerts: bool(input, 'alerts') ?? existing?.alerts ?? true,
    logs: bool(input, 'logs') ?? existing?.logs ?? false,
    logSourceIds: [...new Set(logSourceIds)],
    minSeverity: oneOf(input, 'minSeverity', SEVERITIES) ?? existing?.minSeverity ?? 'debug',
    enabled: bool(input, 'enabled') ?? existing?.enabled ?? true,
  };
}
