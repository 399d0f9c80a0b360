import { PullError } from '../pull-error.ts';

/** A base URL from a `host`/`endpoint` credential (or the provider default), without a trailing slash. */
export function baseUrl(value: string | undefined, fallback: string, field: string): string {
  const raw = (value ?? fallback).trim().replace(/\/+$/, '');
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new PullError('config', `credentials.${field} must be a URL such as https://host:port (got ${JSON.stringify(raw.slice(0, 100))})`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PullError('config', `credentials.${field} must start with http:// or https://`);
  return raw;
}

/** JSON body of a response, or a clear error naming the provider. */
export function jsonBody<T>(body: Buffer, provider: string): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new PullError('bad_response', `${provider} answered with something that is not JSON: ${body.toString('utf8').slice(0, 120)}`);
  }
}
