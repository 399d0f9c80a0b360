/**
 * Google service-account auth (developers.google.com/identity/protocols/oauth2/service-account):
 * an RS256 JWT signed with the account's private key, exchanged at the account's `token_uri` for an
 * access token, cached until a minute before it expires. `iat` is on the provider's clock (the
 * token endpoint's `Date`), so a skewed desktop clock does not make Google refuse the assertion.
 */
import { createSign } from 'node:crypto';
import type { PullHttp } from './http-client.ts';
import { PullError } from './pull-error.ts';

export const GCP_SCOPE = 'https://www.googleapis.com/auth/logging.read';
export const GCP_TOKEN_URI = 'https://oauth2.googleapis.com/token';

export interface ServiceAccount {
  client_email: string;
  private_key: string;
  token_uri: string;
  project_id: string;
}

/** Parse the key file; names the missing field. */
export function parseServiceAccount(json: string): ServiceAccount {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw new PullError('config', 'serviceAccountJson is not JSON: paste the whole key file');
  }
  for (const k of ['client_email', 'private_key', 'project_id']) {
    if (typeof j[k] !== 'string' || !j[k]) throw new PullError('config', `serviceAccountJson has no ${k}`);
  }
  return {
    client_email: j.client_email as string,
    private_key: j.private_key as string,
    project_id: j.project_id as string,
    token_uri: typeof j.token_uri === 'string' && j.token_uri ? j.token_uri : GCP_TOKEN_URI,
  };
}

const b64url = (v: string | Buffer): string => Buffer.from(v).toString('base64url');

/** The signed assertion `header.claims.signature`. */
export function serviceAccountJwt(sa: ServiceAccount, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(JSON.stringify({ iss: sa.client_email, scope: GCP_SCOPE, aud: sa.token_uri, iat, exp: iat + 3600 }));
  const signer = createSign('RSA-SHA256');
  signer.update(`${head}.${claims}`);
  let sig: Buffer;
  try {
    sig = signer.sign(sa.private_key);
  } catch {
    throw new PullError('config', 'serviceAccountJson private_key is not a usable RSA private key');
  }
  return `${head}.${claims}.${b64url(sig)}`;
}

/** Access tokens per source, refreshed when within a minute of expiry or after a 401. */
export class GcpTokenCache {
  private token: { value: string; expiresAt: number } | null = null;

  async get(sa: ServiceAccount, http: PullHttp, force = false): Promise<string> {
    if (!force && this.token && this.token.expiresAt - 60_000 > http.now()) return this.token.value;
    const res = await http.send(
      () => ({
        method: 'POST',
        url: sa.token_uri,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: serviceAccountJwt(sa, http.now()) }).toString(),
      }),
      { skewed: (r) => r.status === 400 && /timeframe|iat|exp|clock/i.test(r.body.toString('utf8')) },
    );
    const j = JSON.parse(res.body.toString('utf8')) as { access_token?: string; expires_in?: number };
    if (!j.access_token) throw new PullError('bad_response', `the token endpoint ${new URL(sa.token_uri).host} answered without an access_token`);
    this.token = { value: j.access_token, expiresAt: http.now() + (j.expires_in ?? 3600) * 1000 };
    return j.access_token;
  }
}
