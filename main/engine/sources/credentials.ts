import type { PullSourceType } from '../../../shared/enums.ts';
import { validationError } from '../../../shared/errors.ts';
import { CREDENTIAL_ANY_OF, CREDENTIAL_FIELDS, URL_CREDENTIALS } from '../../../shared/credentials.ts';
import { DATADOG_SITES } from '../../../shared/pull.ts';

const SPEC = Object.fromEntries(
  Object.entries(CREDENTIAL_FIELDS).map(([type, fields]) => [
    type,
    {
      required: fields.filter((f) => f.required).map((f) => f.key),
      optional: fields.filter((f) => !f.required).map((f) => f.key),
      anyOf: CREDENTIAL_ANY_OF[type as PullSourceType],
    },
  ]),
) as Record<PullSourceType, { required: string[]; optional: string[]; anyOf?: string[][] }>;

/** Refuse credentials that miss a required key or carry an unknown one, naming it. */
export function validateCredentials(type: PullSourceType, creds: unknown): Record<string, string> {
  if (creds === null || typeof creds !== 'object' || Array.isArray(creds)) {
    throw validationError(`credentials must be an object of strings for type ${type}`, { field: 'credentials' });
  }
  const spec = SPEC[type];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(creds)) {
    if (![...spec.required, ...spec.optional].includes(k)) throw validationError(`credentials.${k} is not used by type ${type}`, { field: `credentials.${k}` });
    if (typeof v !== 'string' || v.length === 0) throw validationError(`credentials.${k} must be a non-empty string`, { field: `credentials.${k}` });
    out[k] = v;
  }
  for (const k of spec.required) if (!(k in out)) throw validationError(`credentials.${k} is required for type ${type}`, { field: `credentials.${k}` });
  if (spec.anyOf && !spec.anyOf.some((group) => group.every((k) => k in out))) {
    throw validationError(`credentials for ${type} need ${spec.anyOf.map((g) => g.join('+')).join(' or ')}`, { field: 'credentials' });
  }
  for (const k of URL_CREDENTIALS) if (out[k] !== undefined) checkUrl(k, out[k]);
  if (out.caCertPem !== undefined && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(out.caCertPem)) {
    throw validationError('credentials.caCertPem must be one or more PEM certificates (-----BEGIN CERTIFICATE----- …)', { field: 'credentials.caCertPem' });
  }
  if (type === 'datadog' && out.site !== undefined && !(DATADOG_SITES as readonly string[]).includes(out.site)) {
    throw validationError(`credentials.site must be one of ${DATADOG_SITES.join(', ')} (or set endpoint)`, { field: 'credentials.site' });
  }
  if (type === 'cloudwatch' && out.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(out.region)) {
    throw validationError(`credentials.region must be an AWS region such as us-east-1 (got ${JSON.stringify(out.region.slice(0, 40))})`, {
      field: 'credentials.region',
    });
  }
  if (type === 'gcp_logging') checkServiceAccount(out.serviceAccountJson!);
  return out;
}

function checkUrl(key: string, value: string): void {
  let u: URL | null = null;
  try {
    u = new URL(value);
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
    throw validationError(`credentials.${key} must be an http:// or https:// URL`, { field: `credentials.${key}` });
  }
}

function checkServiceAccount(text: string): void {
  const field = 'credentials.serviceAccountJson';
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw validationError('credentials.serviceAccountJson must be the JSON key file text', { field });
  }
  for (const k of ['client_email', 'private_key', 'project_id']) {
    if (typeof j[k] !== 'string' || !j[k]) throw validationError(`credentials.serviceAccountJson has no ${k}: paste the whole key file`, { field });
  }
  if (j.token_uri !== undefined) checkUrl('serviceAccountJson.token_uri', String(j.token_uri));
}
