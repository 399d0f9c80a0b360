/**
 * Google OAuth token endpoint (verifies the RS256 JWT with the test's public key and its claims,
 * refusing an iat outside ±5 min like Google) and Cloud Logging entries.list / logs.list.
 */
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import type { Clock } from '../../../../main/engine/clock.ts';
import { startFake, visible } from './fake-server.ts';
import type { FakeServer, Staged } from './fake-server.ts';

export interface GcpEntry {
  logName: string;
  timestamp: string;
  insertId: string;
  severity: string;
  resource: { type: string; labels: Record<string, string> };
  textPayload?: string;
  jsonPayload?: Record<string, unknown>;
  protoPayload?: Record<string, unknown>;
}
export interface GcpFake {
  server: FakeServer;
  entries: Staged<GcpEntry>[];
  serviceAccountJson: string;
  /** JWTs verified, tokens issued. */
  jwtsVerified: number;
  emptyPagesFirst: number;
  /** Make every access token issued so far invalid (expired). */
  expireTokens(): void;
  add(ts: number, entry: Partial<GcpEntry>, visibleAt?: number): string;
}

export async function startGcpFake(clock: Clock, project = 'demo-project'): Promise<GcpFake> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pub = createPublicKey(publicKey.export({ type: 'spki', format: 'pem' }));
  const entries: GcpFake['entries'] = [];
  const tokens = new Set<string>();
  const state = { jwts: 0, empty: 0, n: 0, t: 0 };
  let url = '';
  const server = await startFake(clock, (req) => {
    if (req.path === '/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return { status: 400, body: { error: 'unsupported_grant_type' } };
      const [h, c, s] = (form.get('assertion') ?? '').split('.');
      const header = JSON.parse(Buffer.from(h ?? '', 'base64url').toString()) as { alg?: string };
      if (header.alg !== 'RS256' || !verify('RSA-SHA256', Buffer.from(`${h}.${c}`), pub, Buffer.from(s ?? '', 'base64url')))
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
      const claims = JSON.parse(Buffer.from(c!, 'base64url').toString()) as { iss: string; aud: string; scope: string; iat: number; exp: number };
      const now = (clock.now() + server.skewMs) / 1000;
      if (claims.iss !== 'puller@demo-project.iam.gserviceaccount.com' || claims.aud !== `${url}/token` || !claims.scope.includes('logging.read'))
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid claims' } };
      if (Math.abs(claims.iat - now) > 300 || claims.exp - claims.iat > 3600) {
        return {
          status: 400,
          body: {
            error: 'invalid_grant',
            error_description:
              'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
          },
        };
      }
      state.jwts++;
      const token = `ya29.fake-${++state.t}`;
      tokens.add(token);
      return { status: 200, body: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer))
      return {
        status: 401,
        body: { error: { code: 401, status: 'UNAUTHENTICATED', message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.' } },
      };
    if (req.path === `/v2/projects/${project}/logs`) return { status: 200, body: { logNames: [...new Set(entries.map((e) => e.data.logName))] } };
    if (req.path !== '/v2/entries:list') return { status: 404, body: { error: { code: 404, status: 'NOT_FOUND', message: 'not found' } } };
    const b = JSON.parse(req.body) as { resourceNames: string[]; filter: string; orderBy: string; pageSize: number; pageToken?: string };
    if (b.resourceNames[0] !== `projects/${project}`)
      return {
        status: 403,
        body: { error: { code: 403, status: 'PERMISSION_DENIED', message: `The caller does not have permission on ${b.resourceNames[0]}` } },
      };
    const ge = Date.parse(/timestamp>="([^"]+)"/.exec(b.filter)![1]!);
    const lt = Date.parse(/timestamp<"([^"]+)"/.exec(b.filter)![1]!);
    const logName = /logName="([^"]+)"/.exec(b.filter)?.[1];
    const tok = b.pageToken ? (JSON.parse(Buffer.from(b.pageToken, 'base64').toString()) as { off: number; empty: number }) : { off: 0, empty: state.empty };
    const enc = (t: { off: number; empty: number }) => Buffer.from(JSON.stringify(t)).toString('base64');
    if (tok.empty > 0) return { status: 200, body: { entries: [], nextPageToken: enc({ off: tok.off, empty: tok.empty - 1 }) } };
    const hits = visible(clock, entries)
      .filter((e) => e.at >= ge && e.at < lt && (!logName || e.data.logName === logName))
      .sort((x, y) => x.at - y.at || x.data.insertId.localeCompare(y.data.insertId));
    const page = hits.slice(tok.off, tok.off + b.pageSize).map((h) => h.data);
    const more = tok.off + b.pageSize < hits.length;
    return { status: 200, body: { entries: page, ...(more ? { nextPageToken: enc({ off: tok.off + b.pageSize, empty: 0 }) } : {}) } };
  });
  url = server.url;
  const serviceAccountJson = JSON.stringify({
    type: 'service_account',
    project_id: project,
    private_key_id: 'k1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    client_email: 'puller@demo-project.iam.gserviceaccount.com',
    token_uri: `${server.url}/token`,
  });
  return {
    server,
    entries,
    serviceAccountJson,
    get jwtsVerified() {
      return state.jwts;
    },
    get emptyPagesFirst() {
      return state.empty;
    },
    set emptyPagesFirst(v: number) {
      state.empty = v;
    },
    expireTokens() {
      tokens.clear();
    },
    add(ts, entry, visibleAt = -Infinity) {
      const insertId = `ins${String(++state.n).padStart(6, '0')}`;
      entries.push({
        at: ts,
        visibleAt,
        data: {
          logName: `projects/${project}/logs/app`,
          timestamp: new Date(ts)
            .toISOString()
            .replace('Z', '123456Z')
            .replace(/\.(\d{3})123456Z/, '.$1123456Z'),
          insertId,
          severity: 'INFO',
          resource: { type: 'gce_instance', labels: { instance_id: 'vm-1' } },
          ...entry,
        },
      });
      return insertId;
    },
  };
}
