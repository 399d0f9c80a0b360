import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../renderer/src/client.ts';
import { draftFromEndpoint, draftToInput, emptyDraft, validateDraft, withUrl } from '../../../renderer/src/features/forwarding/forwarding-form.ts';
import { fieldErrorsFromError } from '../../../renderer/src/ui/form-errors.ts';
import type { Endpoint } from '../../../shared/types.ts';

const stored: Endpoint = {
  id: 'ep_1',
  name: 'Sentinel',
  url: 'https://siem.example/hook',
  caCertPem: null,
  authType: 'bearer',
  authHeaderName: null,
  authValueSet: true,
  format: 'generic',
  categories: ['audit'],
  alerts: true,
  logs: false,
  logSourceIds: [],
  minSeverity: 'info',
  enabled: true,
  disabledReason: null,
  failingSince: null,
  lastDeliveryAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('endpoint form model', () => {
  it('refuses http:// and a missing auth value on create', () => {
    const d = { ...emptyDraft(), name: 'x', url: 'http://siem.example/hook' };
    const e = validateDraft(d);
    expect(e['url']).toMatch(/https/);
    expect(e['authValue']).toBeDefined();
    expect(validateDraft({ ...d, url: 'https://siem.example/hook', authValue: 't' })).toEqual({});
  });

  it('follows the URL to Splunk HEC until the user picks a format', () => {
    let d = withUrl(emptyDraft(), 'https://splunk.example:8088/services/collector/event');
    expect(d.format).toBe('splunk_hec');
    d = withUrl(d, 'https://other.example/hook');
    expect(d.format).toBe('generic');
    d = withUrl({ ...d, format: 'datadog', formatTouched: true }, 'https://x.example/services/collector');
    expect(d.format).toBe('datadog');
  });

  it('keeps a stored auth value: not required, not sent, until "Change" and a new value', () => {
    const d = draftFromEndpoint(stored);
    expect(d.changingAuth).toBe(false);
    expect(validateDraft(d, stored)).toEqual({});
    expect(draftToInput(d)).not.toHaveProperty('authValue');
    expect(draftToInput(d)).not.toHaveProperty('format');
    expect(validateDraft({ ...d, changingAuth: true }, stored)['authValue']).toBeDefined();
    expect(draftToInput({ ...d, changingAuth: true, authValue: 'new' })).toMatchObject({ authValue: 'new' });
  });

  it('maps an engine VALIDATION_ERROR onto its field', () => {
    expect(fieldErrorsFromError(new ClientError('VALIDATION_ERROR', 'url must use https://', { field: 'url' }))).toEqual({ url: 'Must use https://' });
    expect(fieldErrorsFromError(new ClientError('INTERNAL', 'boom'))).toEqual({ '': 'boom' });
  });
});
