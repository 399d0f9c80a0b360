/** Pull failures as data: a kind the UI and security events can act on, and a text safe to show. */

export type PullErrorKind = 'auth' | 'forbidden' | 'not_found' | 'throttled' | 'tls' | 'network' | 'timeout' | 'http' | 'bad_response' | 'config' | 'stopped';

export class PullError extends Error {
  readonly kind: PullErrorKind;
  readonly status: number | null;
  constructor(kind: PullErrorKind, message: string, status: number | null = null) {
    super(message);
    this.name = 'PullError';
    this.kind = kind;
    this.status = status;
  }
}

const MAX_WORDS = 300;

function firstString(...vals: unknown[]): string | null {
  for (const v of vals) if (typeof v === 'string' && v.trim()) return v.trim();
  return null;
}

/**
 * The provider's own words from an error body: AWS `{__type, message}`, Datadog `{errors:[…]}`,
 * Loki plain text, Splunk `{messages:[{text}]}`, Elasticsearch `{error:{type, reason}}`, Google
 * `{error:{status, message}}` / OAuth `{error, error_description}`. Capped at 300 characters.
 */
export function providerMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  let words: string | null = null;
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const err = j.error;
    const eo = err && typeof err === 'object' ? (err as Record<string, unknown>) : {};
    const rootCause = Array.isArray(eo.root_cause) ? (eo.root_cause[0] as Record<string, unknown> | undefined) : undefined;
    const msgs = Array.isArray(j.messages) ? (j.messages[0] as Record<string, unknown> | undefined) : undefined;
    const errors = Array.isArray(j.errors) ? j.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ') : null;
    const awsType = typeof j.__type === 'string' ? j.__type.split('#').pop() : null;
    const message = firstString(j.message, j.Message, eo.message, eo.reason, rootCause?.reason, msgs?.text, errors, j.error_description, err);
    const type = firstString(awsType, eo.status, eo.type, typeof err === 'string' && j.error_description ? err : null);
    words = type && message && message !== type ? `${type}: ${message}` : (message ?? type);
  } catch {
    words = text || null;
  }
  const out = (words ?? '(empty answer)').replace(/\s+/g, ' ');
  return out.length > MAX_WORDS ? `${out.slice(0, MAX_WORDS)}…` : out;
}

/** Blank out every secret (and its base64 form, as it travels in Basic/ApiKey headers) from a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of [s, Buffer.from(s, 'utf8').toString('base64')]) out = out.split(form).join('[redacted]');
  }
  return out;
}
