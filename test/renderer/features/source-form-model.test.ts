import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../renderer/src/client.ts';
import { draftFromSource, draftToInput, emptyDraft, validateDraft } from '../../../renderer/src/features/settings-sources/source-form-model.ts';
import { fieldErrorsFromError } from '../../../renderer/src/ui/form-errors.ts';
import type { SourceDraft } from '../../../renderer/src/features/settings-sources/source-form-model.ts';
import { CREDENTIAL_FIELDS, hasListener, isPullType } from '../../../renderer/src/features/settings-sources/credential-fields.ts';
import { PULL_SOURCE_TYPES } from '../../../shared/enums.ts';
import type { LogSource } from '../../../shared/types.ts';

const draft = (over: Partial<SourceDraft>): SourceDraft => ({ ...emptyDraft(), name: 'Edge Firewall', ...over });

describe('New Log Source defaults (seed 000)', () => {
  it('is Generic JSON, Active Yes, Rate Limit 100, heartbeat off', () => {
    expect(emptyDraft()).toMatchObject({
      name: '',
      type: 'generic_json',
      active: true,
      rateLimit: '100',
      heartbeatMinutes: '0',
      platformId: '',
      description: '',
    });
  });
});

describe('validateDraft', () => {
  it('accepts the defaults with a name', () => {
    expect(validateDraft(draft({}), false)).toEqual({});
  });
  it('names each bad field', () => {
    const errors = validateDraft(draft({ name: '  ', rateLimit: '0', heartbeatMinutes: '-1', description: 'x'.repeat(2001) }), false);
    expect(Object.keys(errors).sort()).toEqual(['description', 'heartbeatMinutes', 'name', 'rateLimit']);
    expect(errors.rateLimit).toContain('1 to 100,000');
    expect(validateDraft(draft({ rateLimit: '100001' }), false).rateLimit).toBeDefined();
    expect(validateDraft(draft({ rateLimit: '12.5' }), false).rateLimit).toBeDefined();
    expect(validateDraft(draft({ name: 'x'.repeat(256) }), false).name).toContain('255');
  });
  it('requires the credentials and sources of pull types when creating', () => {
    const errors = validateDraft(draft({ type: 'splunk' }), false);
    expect(errors).toMatchObject({ 'credentials.host': expect.any(String), 'credentials.token': expect.any(String), sources: expect.any(String) });
    expect(validateDraft(draft({ type: 'splunk', credentials: { host: 'https://splunk:8089', token: 't' }, sources: 'main\n' }), false)).toEqual({});
  });
  it('needs username+password or apiKey for Elastic', () => {
    const base = { type: 'elastic' as const, sources: 'logs-*' };
    expect(validateDraft(draft({ ...base, credentials: { host: 'https://es:9200', username: 'u' } }), false).credentials).toContain(
      'username and password, or an API key',
    );
    expect(validateDraft(draft({ ...base, credentials: { host: 'https://es:9200', apiKey: 'k' } }), false)).toEqual({});
  });
  it('lets an edit keep stored credentials when left blank, but checks a replacement set', () => {
    expect(validateDraft(draft({ type: 'datadog', sources: 'service:api' }), true)).toEqual({});
    expect(validateDraft(draft({ type: 'datadog', sources: 'service:api', credentials: { apiKey: 'k' } }), true)).toEqual({
      'credentials.appKey': 'Application key is required',
    });
  });
  it('checks the syslog/CEF listener port', () => {
    expect(validateDraft(draft({ type: 'syslog', listenPort: '70000' }), false).listenPort).toBeDefined();
    expect(validateDraft(draft({ type: 'cef', listenPort: '' }), false)).toEqual({});
  });
});

describe('draftToInput', () => {
  it('sends numbers, null platform and the type on create', () => {
    expect(draftToInput(draft({ rateLimit: '250', heartbeatMinutes: '10', platformId: '' }), false)).toEqual({
      name: 'Edge Firewall',
      type: 'generic_json',
      active: true,
      rateLimit: 250,
      description: '',
      platformId: null,
      heartbeatMinutes: 10,
    });
  });
  it('omits the type on edit (it cannot change) and credentials left blank', () => {
    const input = draftToInput(draft({ type: 'loki', sources: ' {app="a"} \n\n{app="b"}', credentials: { host: '' } }), true);
    expect(input.type).toBeUndefined();
    expect(input.credentials).toBeUndefined();
    expect(input.sources).toEqual(['{app="a"}', '{app="b"}']);
  });
  it('drops credentials typed for another type before the type was changed', () => {
    const input = draftToInput(draft({ type: 'splunk', sources: 'main', credentials: { host: 'h', token: 't', apiKey: 'from-datadog' } }), false);
    expect(input.credentials).toEqual({ host: 'h', token: 't' });
  });
  it('sends listenPort only for syslog/CEF', () => {
    expect(draftToInput(draft({ type: 'syslog', listenPort: '5514' }), false).listenPort).toBe(5514);
    expect(draftToInput(draft({ type: 'cef', listenPort: '' }), false).listenPort).toBeNull();
    expect('listenPort' in draftToInput(draft({ listenPort: '5514' }), false)).toBe(false);
    expect('credentials' in draftToInput(draft({}), false)).toBe(false);
  });
});

describe('draftFromSource', () => {
  it('round-trips an existing source without its credentials', () => {
    const source: LogSource = {
      id: 'ls_1',
      name: 'CloudWatch prod',
      type: 'cloudwatch',
      active: false,
      rateLimit: 50,
      description: 'd',
      platformId: 'pf_1',
      heartbeatMinutes: 30,
      createdAt: '2026-04-17T10:00:00Z',
      lastUsedAt: null,
      keyIdentifier: null,
      keyGeneratedAt: null,
      keyGeneratedBy: null,
      sources: ['/aws/lambda/a', '/aws/lambda/b'],
      credentialKeys: ['accessKeyId', 'secretAccessKey'],
      listenPort: null,
      builtIn: false,
    };
    const d = draftFromSource(source);
    expect(d).toMatchObject({
      name: 'CloudWatch prod',
      type: 'cloudwatch',
      active: false,
      rateLimit: '50',
      platformId: 'pf_1',
      heartbeatMinutes: '30',
      credentials: {},
      sources: '/aws/lambda/a\n/aws/lambda/b',
    });
    expect(draftToInput(d, true)).toEqual({
      name: 'CloudWatch prod',
      active: false,
      rateLimit: 50,
      description: 'd',
      platformId: 'pf_1',
      heartbeatMinutes: 30,
      sources: ['/aws/lambda/a', '/aws/lambda/b'],
      pollIntervalSeconds: 60,
      initialLookbackMinutes: 60,
    });
  });
  it('carries the pull schedule: interval, lag (empty = the type default) and first look-back, checked like the engine', () => {
    const pull = draftFromSource({
      id: 'ls_2',
      name: 'Loki',
      type: 'loki',
      active: true,
      rateLimit: 100,
      description: '',
      platformId: null,
      heartbeatMinutes: 0,
      createdAt: '2026-04-17T10:00:00Z',
      lastUsedAt: null,
      keyIdentifier: null,
      keyGeneratedAt: null,
      keyGeneratedBy: null,
      sources: ['{app="web"}'],
      credentialKeys: ['host'],
      listenPort: null,
      builtIn: false,
      pollIntervalSeconds: 30,
      lagSeconds: 15,
      initialLookbackMinutes: 120,
    });
    expect(pull).toMatchObject({ pollIntervalSeconds: '30', lagSeconds: '15', initialLookbackMinutes: '120' });
    expect(draftToInput(pull, true)).toMatchObject({ pollIntervalSeconds: 30, lagSeconds: 15, initialLookbackMinutes: 120 });
    expect(draftToInput({ ...pull, lagSeconds: '' }, true)).not.toHaveProperty('lagSeconds');
    const errors = validateDraft({ ...pull, pollIntervalSeconds: '5', lagSeconds: '-1', initialLookbackMinutes: 'x' }, true);
    expect(Object.keys(errors).sort()).toEqual(['initialLookbackMinutes', 'lagSeconds', 'pollIntervalSeconds']);
  });
});

describe('fieldErrorsFromError', () => {
  it('maps details.field onto the field, anything else to the form', () => {
    expect(fieldErrorsFromError(new ClientError('VALIDATION_ERROR', 'rateLimit must be between 1 and 100000', { field: 'rateLimit' }))).toEqual({
      rateLimit: 'Must be between 1 and 100000',
    });
    expect(fieldErrorsFromError(new ClientError('VALIDATION_ERROR', 'bad', { field: 'id' }))).toEqual({ '': 'bad' });
    expect(fieldErrorsFromError(new ClientError('CONFLICT', 'exists'))).toEqual({ '': 'exists' });
    expect(fieldErrorsFromError(new Error('boom'))).toEqual({ '': 'boom' });
  });
});

describe('credential fields', () => {
  it('lists the seed 001 required keys for every pull type', () => {
    const required = Object.fromEntries(PULL_SOURCE_TYPES.map((t) => [t, CREDENTIAL_FIELDS[t].filter((f) => f.required).map((f) => f.key)]));
    expect(required).toEqual({
      cloudwatch: ['accessKeyId', 'secretAccessKey'],
      datadog: ['apiKey', 'appKey'],
      loki: ['host'],
      splunk: ['host', 'token'],
      elastic: ['host'],
      gcp_logging: ['serviceAccountJson'],
    });
    expect(isPullType('datadog')).toBe(true);
    expect(isPullType('generic_json')).toBe(false);
    expect(hasListener('cef')).toBe(true);
    expect(hasListener('generic_json')).toBe(false);
  });
});
