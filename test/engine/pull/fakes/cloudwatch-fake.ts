/**
 * CloudWatch Logs FilterLogEvents / DescribeLogGroups (botocore logs 2014-03-28). Every request's
 * SigV4 signature is recomputed with the independent `aws4` package; a signature off by more than
 * 5 minutes from the server clock is refused like AWS does. Pages follow streams, not global time.
 */
import { createRequire } from 'node:module';
import type { Clock } from '../../../../main/engine/clock.ts';
import { startFake, visible } from './fake-server.ts';
import type { FakeServer, Staged } from './fake-server.ts';

interface Aws4 {
  sign(
    opts: { host: string; method: string; path: string; service: string; region: string; headers: Record<string, string>; body: string },
    creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  ): { headers: Record<string, string> };
}
const aws4 = createRequire(import.meta.url)('aws4') as Aws4;

export interface CwEvent {
  eventId: string;
  timestamp: number;
  logStreamName: string;
  message: string;
  ingestionTime: number;
}
export interface CloudWatchFake {
  server: FakeServer;
  events: Staged<CwEvent & { group: string }>[];
  groups: string[];
  /** Empty pages (with a nextToken) answered before the real ones, per FilterLogEvents window. */
  emptyPagesFirst: number;
  add(group: string, stream: string, ts: number, message: string, visibleAt?: number): string;
  /** Signatures checked with aws4 and found equal. */
  verified: number;
}

export async function startCloudWatchFake(
  clock: Clock,
  creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region = 'us-east-1',
): Promise<CloudWatchFake> {
  const events: CloudWatchFake['events'] = [];
  const fake = { emptyPagesFirst: 0, verified: 0 };
  let seq = 0;
  const server = await startFake(clock, (req) => {
    const auth = req.headers.authorization ?? '';
    const date = String(req.headers['x-amz-date'] ?? '');
    const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/logs\/aws4_request, SignedHeaders=([^,]+), Signature=(\w+)/.exec(auth);
    if (!m) return { status: 400, body: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' } };
    if (m[1] !== creds.accessKeyId)
      return { status: 400, body: { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' } };
    const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    const serverNow = clock.now() + server.skewMs;
    if (Math.abs(serverNow - signedAt) > 5 * 60_000) {
      return {
        status: 400,
        body: {
          __type: 'InvalidSignatureException',
          message: `Signature expired: ${date} is now earlier than ${new Date(serverNow - 300_000).toISOString()} (${new Date(serverNow).toISOString()} - 5 min.)`,
        },
      };
    }
    const headers: Record<string, string> = {};
    for (const h of m[3]!.split(';')) if (h !== 'host') headers[h] = String(req.headers[h] ?? '');
    const oracle = aws4.sign(
      { host: String(req.headers.host), method: req.method, path: req.path, service: 'logs', region, headers, body: req.body },
      { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}) },
    );
    if (oracle.headers.Authorization !== auth || m[2] !== region) {
      return {
        status: 403,
        body: { __type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' },
      };
    }
    if (creds.sessionToken && req.headers['x-amz-security-token'] !== creds.sessionToken)
      return { status: 400, body: { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' } };
    fake.verified++;
    const body = JSON.parse(req.body) as Record<string, unknown>;
    const target = String(req.headers['x-amz-target']);
    if (target === 'Logs_20140328.DescribeLogGroups')
      return { status: 200, body: { logGroups: cw.groups.map((g) => ({ logGroupName: g, arn: `arn:aws:logs:${region}:1:log-group:${g}` })) } };
    if (target !== 'Logs_20140328.FilterLogEvents') return { status: 400, body: { __type: 'UnknownOperationException' } };
    const group = String(body.logGroupName);
    if (!cw.groups.includes(group)) return { status: 400, body: { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' } };
    const token =
      typeof body.nextToken === 'string'
        ? (JSON.parse(Buffer.from(body.nextToken, 'base64').toString()) as { off: number; empty: number })
        : { off: 0, empty: fake.emptyPagesFirst };
    const tokenOf = (t: { off: number; empty: number }) => Buffer.from(JSON.stringify(t)).toString('base64');
    if (token.empty > 0) return { status: 200, body: { events: [], nextToken: tokenOf({ off: token.off, empty: token.empty - 1 }), searchedLogStreams: [] } };
    const hits = visible(clock, events)
      .filter((e) => e.data.group === group && e.at >= Number(body.startTime) && e.at <= Number(body.endTime))
      .sort((a, b) => a.data.logStreamName.localeCompare(b.data.logStreamName) || a.at - b.at);
    const limit = Number(body.limit ?? 10_000);
    const page = hits.slice(token.off, token.off + limit).map((e) => ({
      eventId: e.data.eventId,
      timestamp: e.data.timestamp,
      ingestionTime: e.data.ingestionTime,
      logStreamName: e.data.logStreamName,
      message: e.data.message,
    }));
    const more = token.off + limit < hits.length;
    return { status: 200, body: { events: page, ...(more ? { nextToken: tokenOf({ off: token.off + limit, empty: 0 }) } : {}), searchedLogStreams: [] } };
  });
  const cw: CloudWatchFake = {
    server,
    events,
    groups: [],
    get emptyPagesFirst() {
      return fake.emptyPagesFirst;
    },
    set emptyPagesFirst(v: number) {
      fake.emptyPagesFirst = v;
    },
    get verified() {
      return fake.verified;
    },
    add(group, stream, ts, message, visibleAt = -Infinity) {
      const eventId = `${String(ts).padStart(56, '0')}${String(++seq).padStart(8, '0')}`;
      events.push({ at: ts, visibleAt, data: { group, eventId, timestamp: ts, logStreamName: stream, message, ingestionTime: ts + 1000 } });
      return eventId;
    },
  };
  return cw;
}
