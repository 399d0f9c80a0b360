import type { PullSourceType } from '../../../shared/enums.ts';
import { validationError } from '../../../shared/errors.ts';
import { CREDENTIAL_ANY_OF, CREDENTIAL_FIELDS } from '../../../shared/credentials.ts';

const SPEC = Object.fromEntries(
  Object.entries(CREDENTIAL_FIELDS).map(([type, fields]) => [type, {
    required: fields.filter((f) => f.required).map((f) => f.key),
    optional: fields.filter((f) => !f.required).map((f) => f.key),
    anyOf: CREDENTIAL_ANY_OF[type as PullSourceType],
  }]),
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
  if (type === 'gcp_logging') {
    try {
      JSON.parse(out.serviceAccountJson!);
    } catch {
      throw validationError('credentials.serviceAccountJson must be the JSON key file text', { field: 'credentials.serviceAccountJson' });
    }
  }
  return out;
}
