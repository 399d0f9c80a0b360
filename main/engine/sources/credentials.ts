import type { PullSourceType } from '../../../shared/enums.ts';
import { validationError } from '../../../shared/errors.ts';

/** Credential keys per pull type (seed 001): required, optional, and "one of these groups". */
const SPEC: Record<PullSourceType, { required: string[]; optional: string[]; anyOf?: string[][] }> = {
  cloudwatch: { required: ['accessKeyId', 'secretAccessKey'], optional: ['sessionToken', 'region'] },
  datadog: { required: ['apiKey', 'appKey'], optional: ['site'] },
  loki: { required: ['host'], optional: ['apiKey', 'orgId'] },
  splunk: { required: ['host', 'token'], optional: [] },
  elastic: { required: ['host'], optional: ['username', 'password', 'apiKey'], anyOf: [['username', 'password'], ['apiKey']] },
  gcp_logging: { required: ['serviceAccountJson'], optional: [] },
};

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
  if (type === 'gcp_logging') {
    try {
      JSON.parse(out.serviceAccountJson!);
    } catch {
      throw validationError('credentials.serviceAccountJson must be the JSON key file text', { field: 'credentials.serviceAccountJson' });
    }
  }
  return out;
}
