import { randomUUID } from 'node:crypto';
import { SEVERITIES, severityLevel } from '../../../shared/enums.ts';
import type { AuthType, EndpointFormat, SecurityCategory, Severity } from '../../../shared/enums.ts';
import { notFound } from '../../../shared/errors.ts';
import type { Endpoint } from '../../../shared/types.ts';
import { iso, isoOrNull } from '../clock.ts';
import type { SecretBox } from '../context.ts';
import type { Db } from '../store/db.ts';
import type { EndpointSettings } from './endpoint-input.ts';

interface EndpointRow {
  id: string;
  name: string;
  url: string;
  ca_cert_pem: string | null;
  auth_type: string;
  auth_header_name: string | null;
  auth_value_enc: string | null;
  signing_secret_enc: string;
  format: string;
  format_auto: number;
  categories: string;
  alerts: number;
  logs: number;
  log_source_ids: string;
  min_severity: number;
  enabled: number;
  disabled_reason: string | null;
  failing_since: number | null;
  last_delivery_at: number | null;
  logs_cursor: number;
  created_at: number;
  updated_at: number;
}

/**
 * An endpoint as the sender and router need it: secrets decrypted once per config change, sets
 * for the hot filters. Lives only in memory; `poolKey` changes with the URL or CA so the endpoint's
 * connection pool is rebuilt exactly when it must be.
 */
export interface EndpointConfig {
  id: string;
  poolKey: string;
  name: string;
  url: string;
  caCertPem: string | null;
  authType: AuthType;
  authHeaderName: string | null;
  authValue: string | null;
  signingSecret: string;
  format: EndpointFormat;
  categories: ReadonlySet<SecurityCategory>;
  alerts: boolean;
  logs: boolean;
  logSourceIds: ReadonlySet<string>;
  minLevel: number;
  enabled: boolean;
  failingSince: number | null;
}

/** The `endpoints` table: CRUD, health columns, logs cursor, and a cache of decrypted configs. */
export class EndpointStore {
  private readonly db: Db;
  private readonly secrets: SecretBox;
  private cache = new Map<string, EndpointConfig>();

  constructor(db: Db, secrets: SecretBox) {
    this.db = db;
    this.secrets = secrets;
    this.reload();
  }

  /** Re-read every endpoint (after any config change; endpoints are few). */
  reload(): void {
    const next = new Map<string, EndpointConfig>();
    for (const r of this.rows()) next.set(r.id, this.toConfig(r));
    this.cache = next;
  }

  configs(): EndpointConfig[] {
    return [...this.cache.values()];
  }
  config(id: string): EndpointConfig | undefined {
    return this.cache.get(id);
  }

  list(): Endpoint[] {
    return this.rows().map(toApi);
  }
  get(id: string): Endpoint {
    return toApi(this.row(id));
  }

  /** Stored settings with the auth value decrypted, as the base for an update. */
  settings(id: string): EndpointSettings {
    const r = this.row(id);
    return {
      name: r.name,
      url: r.url,
      caCertPem: r.ca_cert_pem,
      authType: r.auth_type as AuthType,
      authHeaderName: r.auth_header_name,
      authValue: r.auth_value_enc === null ? null : this.secrets.decrypt(r.auth_value_enc),
      format: r.format as EndpointFormat,
      formatAuto: r.format_auto === 1,
      categories: JSON.parse(r.categories) as SecurityCategory[],
      alerts: r.alerts === 1,
      logs: r.logs === 1,
      logSourceIds: JSON.parse(r.log_source_ids) as string[],
      minSeverity: SEVERITIES[r.min_severity] ?? 'debug',
      enabled: r.enabled === 1,
    };
  }

  insert(s: EndpointSettings, signingSecret: string, now: number, logsCursor: number): Endpoint {
    const id = `ep_${randomUUID()}`;
    this.db
      .prepare(`INSERT INTO endpoints (id, name, url, ca_cert_pem, auth_type, auth_header_name, auth_value_enc, signing_secret_enc, format,
        format_auto, categories, alerts, logs, log_source_ids, min_severity, enabled, logs_cursor, created_at, updated_at)
        VALUES (@id, @name, @url, @ca, @authType, @headerName, @authEnc, @secretEnc, @format, @formatAuto, @categories, @alerts, @logs,
        @sourceIds, @minSeverity, @enabled, @cursor, @now, @now)`)
      .run({ id, ...this.params(s), secretEnc: this.secrets.encrypt(signingSecret), cursor: logsCursor, now });
    this.reload();
    return this.get(id);
  }

  /** Write new settings. Re-enabling clears the disabled reason and the failing streak. */
  update(id: string, s: EndpointSettings, now: number, logsCursor: number | null): Endpoint {
    const before = this.row(id);
    const reenabled = s.enabled && before.enabled === 0;
    this.db
      .prepare(`UPDATE endpoints SET name=@name, url=@url, ca_cert_pem=@ca, auth_type=@authType, auth_header_name=@headerName,
        auth_value_enc=@authEnc, format=@format, format_auto=@formatAuto, categories=@categories, alerts=@alerts, logs=@logs,
        log_source_ids=@sourceIds, min_severity=@minSeverity, enabled=@enabled, updated_at=@now,
        disabled_reason = CASE WHEN @reenabled THEN NULL ELSE disabled_reason END,
        failing_since = CASE WHEN @reenabled THEN NULL ELSE failing_since END,
        logs_cursor = COALESCE(@cursor, logs_cursor) WHERE id=@id`)
      .run({ id, ...this.params(s), now, reenabled: reenabled ? 1 : 0, cursor: logsCursor });
    this.reload();
    return this.get(id);
  }

  delete(id: string): void {
    this.row(id);
    this.db.prepare('DELETE FROM endpoints WHERE id = ?').run(id);
    this.reload();
  }

  /** A 2xx ends the failing streak. Kept cheap: one UPDATE, cache patched in place. */
  markSuccess(id: string, at: number): void {
    this.db.prepare('UPDATE endpoints SET last_delivery_at = ?, failing_since = NULL WHERE id = ?').run(at, id);
    const c = this.cache.get(id);
    if (c) c.failingSince = null;
  }

  /** A failed attempt starts (or continues) the failing streak; returns when it started. */
  markFailure(id: string, at: number): number {
    this.db.prepare('UPDATE endpoints SET failing_since = COALESCE(failing_since, ?) WHERE id = ?').run(at, id);
    const c = this.cache.get(id);
    if (c && c.failingSince === null) c.failingSince = at;
    return c?.failingSince ?? at;
  }

  disable(id: string, reason: string, now: number): void {
    this.db.prepare('UPDATE endpoints SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ?').run(reason, now, id);
    this.reload();
  }

  /** Switch queueing off or on without touching the disabled reason (endpoint delete). */
  setEnabled(id: string, enabled: boolean): void {
    this.db.prepare('UPDATE endpoints SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id);
    this.reload();
  }

  /** Last events.id handed to the endpoint's logs stream. */
  setCursor(id: string, cursor: number): void {
    this.db.prepare('UPDATE endpoints SET logs_cursor = MAX(logs_cursor, ?) WHERE id = ?').run(cursor, id);
  }
  cursor(id: string): number {
    const r = this.db.prepare('SELECT logs_cursor FROM endpoints WHERE id = ?').get(id) as { logs_cursor: number } | undefined;
    return r?.logs_cursor ?? 0;
  }

  private params(s: EndpointSettings): Record<string, unknown> {
    return {
      name: s.name,
      url: s.url,
      ca: s.caCertPem,
      authType: s.authType,
      headerName: s.authHeaderName,
      authEnc: s.authValue === null ? null : this.secrets.encrypt(s.authValue),
      format: s.format,
      formatAuto: s.formatAuto ? 1 : 0,
      categories: JSON.stringify(s.categories),
      alerts: s.alerts ? 1 : 0,
      logs: s.logs ? 1 : 0,
      sourceIds: JSON.stringify(s.logSourceIds),
      minSeverity: severityLevel(s.minSeverity),
      enabled: s.enabled ? 1 : 0,
    };
  }

  private rows(): EndpointRow[] {
    return this.db.prepare('SELECT * FROM endpoints ORDER BY created_at, id').all() as EndpointRow[];
  }
  private row(id: string): EndpointRow {
    const r = this.db.prepare('SELECT * FROM endpoints WHERE id = ?').get(id) as EndpointRow | undefined;
    if (!r) throw notFound('endpoint', id);
    return r;
  }

  private toConfig(r: EndpointRow): EndpointConfig {
    return {
      id: r.id,
      poolKey: `${r.url}\n${r.ca_cert_pem ?? ''}`,
      name: r.name,
      url: r.url,
      caCertPem: r.ca_cert_pem,
      authType: r.auth_type as AuthType,
      authHeaderName: r.auth_header_name,
      authValue: r.auth_value_enc === null ? null : this.secrets.decrypt(r.auth_value_enc),
      signingSecret: this.secrets.decrypt(r.signing_secret_enc),
      format: r.format as EndpointFormat,
      categories: new Set(JSON.parse(r.categories) as SecurityCategory[]),
      alerts: r.alerts === 1,
      logs: r.logs === 1,
      logSourceIds: new Set(JSON.parse(r.log_source_ids) as string[]),
      minLevel: r.min_severity,
      enabled: r.enabled === 1,
      failingSince: r.failing_since,
    };
  }
}

function toApi(r: EndpointRow): Endpoint {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    caCertPem: r.ca_cert_pem,
    authType: r.auth_type as AuthType,
    authHeaderName: r.auth_header_name,
    authValueSet: r.auth_value_enc !== null,
    format: r.format as EndpointFormat,
    categories: JSON.parse(r.categories) as SecurityCategory[],
    alerts: r.alerts === 1,
    logs: r.logs === 1,
    logSourceIds: JSON.parse(r.log_source_ids) as string[],
    minSeverity: (SEVERITIES[r.min_severity] ?? 'debug') as Severity,
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason,
    failingSince: isoOrNull(r.failing_since),
    lastDeliveryAt: isoOrNull(r.last_delivery_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}
