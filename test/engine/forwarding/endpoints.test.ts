import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forwardingHarness } from './helpers/setup.ts';
import type { ForwardingHarness } from './helpers/setup.ts';
import { makeTestPki } from './helpers/tls.ts';

let h: ForwardingHarness;
beforeEach(() => {
  h = forwardingHarness();
});
afterEach(async () => {
  await h.close();
});

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; details?: { field?: string } }> {
  try {
    await p;
  } catch (err) {
    return (err as { error: { code: string; message: string; details?: { field?: string } } }).error;
  }
  throw new Error('expected the call to fail');
}

describe('endpoints: validation', () => {
  it('refuses http:// with a VALIDATION_ERROR naming url', async () => {
    const e = await failure(h.t.call('endpoints.create', { name: 'x', url: 'http://siem.example/hook' }));
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.details?.field).toBe('url');
    expect(e.message).toMatch(/url must use https/);
  });

  it('names the field for each bad input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'https://a.example' }, 'name'],
      [{ name: 'x' }, 'url'],
      [{ name: 'x', url: 'not a url' }, 'url'],
      [{ name: 'x', url: 'ftp://a.example' }, 'url'],
      [{ name: 'x', url: 'https://a.example', caCertPem: 'hello' }, 'caCertPem'],
      [{ name: 'x', url: 'https://a.example', caCertPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }, 'caCertPem'],
      [{ name: 'x', url: 'https://a.example', authType: 'bearer' }, 'authValue'],
      [{ name: 'x', url: 'https://a.example', authType: 'header', authValue: 'v' }, 'authHeaderName'],
      [{ name: 'x', url: 'https://a.example', authType: 'header', authHeaderName: 'bad name', authValue: 'v' }, 'authHeaderName'],
      [{ name: 'x', url: 'https://a.example', authType: 'header', authHeaderName: 'Content-Type', authValue: 'v' }, 'authHeaderName'],
      [{ name: 'x', url: 'https://a.example', authType: 'bearer', authValue: 'a\r\nX-Evil: 1' }, 'authValue'],
      [{ name: 'x', url: 'https://a.example', authType: 'basic' }, 'authType'],
      [{ name: 'x', url: 'https://a.example', format: 'syslog' }, 'format'],
      [{ name: 'x', url: 'https://a.example', categories: ['auth'] }, 'categories'],
      [{ name: 'x', url: 'https://a.example', minSeverity: 'high' }, 'minSeverity'],
      [{ name: 'x', url: 'https://a.example', logSourceIds: ['ls_nope'] }, 'logSourceIds'],
      [{ name: 'x', url: 'https://a.example', alerts: 'yes' }, 'alerts'],
      [{ name: 'x', url: 'https://a.example', colour: 'red' }, 'colour'],
    ];
    for (const [input, field] of cases) {
      const e = await failure(h.t.call('endpoints.create', input as never));
      expect(e.code, JSON.stringify(input)).toBe('VALIDATION_ERROR');
      expect(e.details?.field, JSON.stringify(input)).toBe(field);
    }
    expect((await h.t.call('endpoints.list', {})).items).toHaveLength(0);
  });

  it('accepts a real CA certificate and reports NOT_FOUND for unknown ids', async () => {
    const pki = makeTestPki();
    const ep = await h.t.call('endpoints.create', { name: 'x', url: 'https://a.example/hook', caCertPem: pki.caCertPem });
    expect(ep.caCertPem).toContain('BEGIN CERTIFICATE');
    expect((await failure(h.t.call('endpoints.get', { id: 'ep_nope' }))).code).toBe('NOT_FOUND');
    expect((await failure(h.t.call('endpoints.update', { id: 'ep_nope', name: 'y' }))).code).toBe('NOT_FOUND');
    expect((await failure(h.t.call('endpoints.delete', { id: 'ep_nope' }))).code).toBe('NOT_FOUND');
    expect((await failure(h.t.call('endpoints.test', { id: 'ep_nope' }))).code).toBe('NOT_FOUND');
  });
});

describe('endpoints: secrets', () => {
  it('never returns or stores authValue or the signing secret in plain text', async () => {
    const created = await h.t.call('endpoints.create', { name: 'Sentinel', url: 'https://siem.example/hook', authType: 'bearer', authValue: 'tok-SECRET-123' });
    expect(created.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.signingSecret.slice(6), 'base64')).toHaveLength(32);
    expect(created.authValueSet).toBe(true);
    expect(JSON.stringify(created)).not.toContain('tok-SECRET-123');
    const got = await h.t.call('endpoints.get', { id: created.id });
    expect(got).not.toHaveProperty('signingSecret');
    expect(got).not.toHaveProperty('authValue');
    expect(JSON.stringify(await h.t.call('endpoints.list', {}))).not.toContain(created.signingSecret);
    const row = h.t.engine.db.prepare('SELECT * FROM endpoints WHERE id = ?').get(created.id) as Record<string, string>;
    expect(JSON.stringify(row)).not.toContain('tok-SECRET-123');
    expect(JSON.stringify(row)).not.toContain(created.signingSecret.slice(6));
    expect(row['auth_value_enc']).toMatch(/^v1:/);
    const audit = h.securityEvents('endpoint.created');
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('tok-SECRET-123');
    expect(JSON.stringify(audit)).not.toContain(created.signingSecret);
  });

  it('keeps authValue on update unless a new one is given, and clears it with authType none', async () => {
    const { id } = await h.endpoint({ url: 'https://siem.example/hook', authType: 'header', authHeaderName: 'X-API-Key', authValue: 'one' });
    const renamed = await h.t.call('endpoints.update', { id, name: 'Renamed' });
    expect(renamed.authValueSet).toBe(true);
    expect(renamed.authHeaderName).toBe('X-API-Key');
    await h.t.call('endpoints.update', { id, authValue: 'two' });
    const updated = h.securityEvents('endpoint.updated');
    expect(updated.at(-1)!['details']).toMatchObject({ changed: ['authValue'] });
    expect(JSON.stringify(updated)).not.toMatch(/"(one|two)"/);
    const none = await h.t.call('endpoints.update', { id, authType: 'none' });
    expect(none.authValueSet).toBe(false);
    expect(none.authHeaderName).toBeNull();
  });
});

describe('endpoints: defaults, formats, audit', () => {
  it('chooses splunk_hec automatically from the URL and keeps an explicit format', async () => {
    const auto = await h.t.call('endpoints.create', {
      name: 'Splunk',
      url: 'https://splunk.example:8088/services/collector/event',
      authType: 'bearer',
      authValue: 't',
    });
    expect(auto.format).toBe('splunk_hec');
    const moved = await h.t.call('endpoints.update', { id: auto.id, url: 'https://other.example/hook' });
    expect(moved.format).toBe('generic');
    const dd = await h.t.call('endpoints.create', {
      name: 'DD',
      url: 'https://http-intake.logs.datadoghq.com/api/v2/logs',
      format: 'datadog',
      authType: 'header',
      authValue: 'k',
    });
    expect(dd.format).toBe('datadog');
    expect(dd.authHeaderName).toBe('DD-API-KEY');
    const kept = await h.t.call('endpoints.update', { id: dd.id, url: 'https://http-intake.logs.datadoghq.eu/api/v2/logs' });
    expect(kept.format).toBe('datadog');
  });

  it('defaults to every category, alerts on, logs off, minSeverity debug, enabled', async () => {
    const ep = await h.t.call('endpoints.create', { name: 'x', url: 'https://a.example/' });
    expect(ep).toMatchObject({
      categories: ['authentication', 'audit', 'api_activity', 'data_access', 'infrastructure'],
      alerts: true,
      logs: false,
      logSourceIds: [],
      minSeverity: 'debug',
      enabled: true,
      authType: 'none',
      authValueSet: false,
      disabledReason: null,
      failingSince: null,
      lastDeliveryAt: null,
    });
  });

  it('records endpoint.created/updated/deleted as audit events with the actor and a redacted URL', async () => {
    const ep = await h.t.engine.api.call(
      'endpoints.create',
      { name: 'DD', url: 'https://intake.example/v1?dd-api-key=key-s3cr3t-zq' },
      { actor: 'alice', ipAddress: '10.0.0.5' },
    );
    if (!ep.success) throw new Error('create failed');
    await h.t.call('endpoints.update', { id: ep.data.id, enabled: false });
    await h.t.call('endpoints.delete', { id: ep.data.id });
    const [c] = h.securityEvents('endpoint.created');
    expect(c).toMatchObject({
      category: 'audit',
      severity: 'medium',
      actor: { userId: 'alice', ipAddress: '10.0.0.5' },
      resource: { type: 'siem_endpoint', id: ep.data.id },
    });
    expect(JSON.stringify(c)).not.toContain('s3cr3t'); // not a hex string: a random endpoint id never contains it
    expect(h.securityEvents('endpoint.updated')[0]).toMatchObject({ details: { changed: ['enabled'] } });
    expect(h.securityEvents('endpoint.deleted')[0]).toMatchObject({ category: 'audit', severity: 'high' });
    expect((await h.t.call('endpoints.list', {})).items).toHaveLength(0);
    expect(h.endpointEvents.map((e) => e.enabled)).toEqual([true, false, false]);
  });
});
