import { randomUUID } from 'node:crypto';
import { PULL_SOURCE_TYPES, SOURCE_TYPES } from '../../../shared/enums.ts';
import type { PullSourceType, SourceType } from '../../../shared/enums.ts';
import { conflict, notFound, validationError } from '../../../shared/errors.ts';
import { CONFIG_LIMITS, RATE_LIMIT } from '../../../shared/limits.ts';
import type { CallMeta } from '../../../shared/api.ts';
import { actorOf } from '../../../shared/security-events.ts';
import type { SecurityEventType } from '../../../shared/security-events.ts';
import type { GeneratedKey, LogSource, Platform } from '../../../shared/types.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import { iso, isoOrNull } from '../clock.ts';
import type { SecretBox, SecurityRecorder } from '../context.ts';
import type { SourceCache } from './directory.ts';
import { generateIngestKey, hashKey, keyIdentifier } from './keys.ts';
import { validateCredentials } from './credentials.ts';
import { PULL_SCHEDULE_DEFAULTS, pullFields, readPullSchedule } from './pull-fields.ts';
import { asInput, bool, int, oneOf, optId, optInt, optStr, rejectUnknown, str, strList } from '../validate.ts';
import type { Input } from '../validate.ts';

interface SourceRow {
  seq: number;
  id: string;
  name: string;
  type: string;
  active: number;
  rate_limit: number;
  description: string;
  platform_id: string | null;
  heartbeat_minutes: number;
  created_at: number;
  last_used_at: number | null;
  key_identifier: string | null;
  key_generated_at: number | null;
  key_generated_by: string | null;
  credentials_enc: string | null;
  pull_sources: string;
  listen_port: number | null;
  built_in: number;
  poll_interval_seconds: number;
  lag_seconds: number | null;
  initial_lookback_minutes: number;
}
interface PlatformRow {
  id: string;
  name: string;
  description: string;
  created_at: number;
}

const PULL_FIELDS = ['credentials', 'sources', 'pollIntervalSeconds', 'lagSeconds', 'initialLookbackMinutes'];
const SOURCE_FIELDS = ['name', 'type', 'active', 'rateLimit', 'description', 'platformId', 'heartbeatMinutes', 'listenPort', ...PULL_FIELDS];
export const BUILT_IN_SOURCE_NAME = 'Watchpost';

export interface SourceServiceDeps {
  db: Db;
  clock: Clock;
  cache: SourceCache;
  secrets: SecretBox;
  security: SecurityRecorder;
  /** Who generates keys when the caller does not say: the OS user (desktop) or 'console'. */
  operator: string;
  ingestUrl: () => string;
}

function isPull(t: string): t is PullSourceType {
  return (PULL_SOURCE_TYPES as readonly string[]).includes(t);
}

/** Log sources, platforms and ingest keys (SPEC §2). Every change reloads the source cache. */
export class SourceService {
  private readonly d: SourceServiceDeps;
  constructor(deps: SourceServiceDeps) {
    this.d = deps;
  }

  /** Make sure the built-in "Watchpost" source exists (holds Watchpost's own security events). */
  ensureBuiltIn(): number {
    const row = this.d.db.prepare('SELECT seq FROM sources WHERE built_in = 1').get() as { seq: number } | undefined;
    if (row) return row.seq;
    const r = this.d.db
      .prepare(`INSERT INTO sources (id, name, type, active, rate_limit, description, created_at, built_in) VALUES (?, ?, 'generic_json', 1, ?, ?, ?, 1)`)
      .run(
        `ls_${randomUUID()}`,
        BUILT_IN_SOURCE_NAME,
        RATE_LIMIT.max,
        "Watchpost's own security events (key changes, config changes, ingest auth failures, deliveries).",
        this.d.clock.now(),
      );
    this.d.cache.reload();
    return Number(r.lastInsertRowid);
  }

  // ---- platforms
  listPlatforms(): Platform[] {
    return (this.d.db.prepare('SELECT * FROM platforms ORDER BY name COLLATE NOCASE').all() as PlatformRow[]).map(toPlatform);
  }
  createPlatform(raw: unknown, meta: CallMeta): Platform {
    const input = asInput(raw, 'platform');
    rejectUnknown(input, ['name', 'description'], 'platform');
    const p: PlatformRow = {
      id: `pl_${randomUUID()}`,
      name: str(input, 'name', { min: 1, max: CONFIG_LIMITS.nameChars }),
      description: optStr(input, 'description', { max: CONFIG_LIMITS.descriptionChars }) ?? '',
      created_at: this.d.clock.now(),
    };
    this.assertPlatformNameFree(p.name, null);
    this.d.db.prepare('INSERT INTO platforms (id, name, description, created_at) VALUES (@id, @name, @description, @created_at)').run(p);
    this.audit('platform.created', 'platform', p.id, meta, { name: p.name });
    return toPlatform(p);
  }
  /** Platform names are unique ignoring case ("Prod" and "prod" would be indistinguishable in pickers and queries). */
  private assertPlatformNameFree(name: string, exceptId: string | null): void {
    const rows = this.d.db.prepare('SELECT id, name FROM platforms').all() as { id: string; name: string }[];
    const taken = rows.find((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
    if (taken)
      throw conflict(`name "${name}" is already used by platform "${taken.name}" (names are unique, ignoring case)`, { field: 'name', platformId: taken.id });
  }
  updatePlatform(id: string, raw: unknown, meta: CallMeta): Platform {
    const input = asInput(raw, 'platform');
    rejectUnknown(input, ['id', 'name', 'description'], 'platform');
    const cur = this.platformRow(id);
    const next = {
      ...cur,
      name: optStr(input, 'name', { min: 1, max: CONFIG_LIMITS.nameChars }) ?? cur.name,
      description: optStr(input, 'description', { max: CONFIG_LIMITS.descriptionChars }) ?? cur.description,
    };
    this.assertPlatformNameFree(next.name, id);
    this.d.db.prepare('UPDATE platforms SET name = @name, description = @description WHERE id = @id').run(next);
    this.d.cache.reload();
    this.audit('platform.updated', 'platform', id, meta, { name: next.name });
    return toPlatform(next);
  }
  deletePlatform(id: string, meta: CallMeta): void {
    this.platformRow(id);
    this.d.db.transaction(() => {
      this.d.db.prepare('UPDATE sources SET platform_id = NULL WHERE platform_id = ?').run(id);
      this.d.db.prepare('DELETE FROM platforms WHERE id = ?').run(id);
    })();
    this.d.cache.reload();
    this.audit('platform.deleted', 'platform', id, meta, {});
  }
  private platformRow(id: string): PlatformRow {
    const row = this.d.db.prepare('SELECT * FROM platforms WHERE id = ?').get(id) as PlatformRow | undefined;
    if (!row) throw notFound('platform', id);
    return row;
  }

  // ---- sources
  list(): LogSource[] {
    return (this.d.db.prepare('SELECT * FROM sources ORDER BY built_in, name COLLATE NOCASE').all() as SourceRow[]).map((r) => this.toSource(r));
  }
  get(id: string): LogSource {
    return this.toSource(this.row(id));
  }
  create(raw: unknown, meta: CallMeta): LogSource {
    const input = asInput(raw, 'log source');
    rejectUnknown(input, SOURCE_FIELDS, 'log source');
    if (input.name === undefined) throw validationError('name is required', { field: 'name' });
    const type: SourceType = oneOf(input, 'type', SOURCE_TYPES) ?? 'generic_json';
    const fields = this.readFields(input, type, true);
    const id = `ls_${randomUUID()}`;
    this.d.db
      .prepare(`INSERT INTO sources (id, name, type, active, rate_limit, description, platform_id, heartbeat_minutes, created_at, credentials_enc, pull_sources, listen_port,
          poll_interval_seconds, lag_seconds, initial_lookback_minutes)
        VALUES (@id, @name, @type, @active, @rate_limit, @description, @platform_id, @heartbeat_minutes, @created_at, @credentials_enc, @pull_sources, @listen_port,
          @poll_interval_seconds, @lag_seconds, @initial_lookback_minutes)`)
      .run({
        id,
        type,
        created_at: this.d.clock.now(),
        active: 1,
        rate_limit: RATE_LIMIT.default,
        description: '',
        platform_id: null,
        heartbeat_minutes: 0,
        credentials_enc: null,
        pull_sources: '[]',
        listen_port: null,
        ...PULL_SCHEDULE_DEFAULTS,
        ...fields,
      });
    this.d.cache.reload();
    this.audit('log_source.created', 'log_source', id, meta, { name: fields.name, type });
    return this.get(id);
  }
  update(id: string, raw: unknown, meta: CallMeta): LogSource {
    const input = asInput(raw, 'log source');
    rejectUnknown(input, ['id', ...SOURCE_FIELDS], 'log source');
    const cur = this.row(id);
    if (input.type !== undefined && input.type !== cur.type)
      throw validationError('type cannot be changed after creation; create a new source', { field: 'type' });
    if (cur.built_in && (input.active === false || input.name !== undefined))
      throw validationError('the built-in Watchpost source cannot be renamed or deactivated', { field: 'name' });
    const fields = this.readFields(input, cur.type as SourceType, false, id);
    if (Object.keys(fields).length) {
      const sets = Object.keys(fields)
        .map((k) => `${k} = @${k}`)
        .join(', ');
      this.d.db.prepare(`UPDATE sources SET ${sets} WHERE id = @id`).run({ ...fields, id });
      this.d.cache.reload();
    }
    this.audit('log_source.updated', 'log_source', id, meta, { changed: Object.keys(input).filter((k) => k !== 'id' && k !== 'credentials') });
    if (fields.credentials_enc !== undefined) {
      // Seed 003 treats changes to how Watchpost authenticates elsewhere as high-severity audit events; key names only, never values.
      this.d.security.record({
        type: 'log_source.credentials_updated',
        actor: actorOf(meta),
        resource: { type: 'log_source', id },
        details: { sourceName: cur.name, sourceType: cur.type, fields: Object.keys(input.credentials as object) },
      });
    }
    return this.get(id);
  }
  delete(id: string, meta: CallMeta): void {
    const cur = this.row(id);
    if (cur.built_in) throw validationError('the built-in Watchpost source cannot be deleted', { field: 'id' });
    this.d.db.prepare('DELETE FROM sources WHERE id = ?').run(id);
    this.d.cache.reload();
    this.audit('log_source.deleted', 'log_source', id, meta, { name: cur.name });
  }

  // ---- keys
  generateKey(id: string, meta: CallMeta): GeneratedKey {
    const cur = this.pushRow(id);
    if (cur.key_identifier) throw conflict(`log source ${id} already has a key; rotate it instead`, { keyIdentifier: cur.key_identifier });
    return this.issueKey(cur, meta, 'api_key.created');
  }
  rotateKey(id: string, meta: CallMeta): GeneratedKey {
    const cur = this.pushRow(id);
    if (!cur.key_identifier) throw conflict(`log source ${id} has no key to rotate; generate one first`);
    return this.issueKey(cur, meta, 'api_key.rotated');
  }
  revokeKey(id: string, meta: CallMeta): LogSource {
    const cur = this.pushRow(id);
    if (!cur.key_identifier) throw conflict(`log source ${id} has no key to revoke`);
    this.d.db
      .prepare('UPDATE sources SET key_hash = NULL, key_identifier = NULL, key_generated_at = NULL, key_generated_by = NULL, active = 0 WHERE id = ?')
      .run(id);
    this.d.cache.reload();
    this.d.security.record({
      type: 'api_key.revoked',
      actor: actorOf(meta),
      resource: { type: 'log_source', id },
      details: { keyIdentifier: cur.key_identifier, sourceName: cur.name },
    });
    return this.get(id);
  }

  private issueKey(cur: SourceRow, meta: CallMeta, type: 'api_key.created' | 'api_key.rotated'): GeneratedKey {
    const key = generateIngestKey();
    const hash = hashKey(key);
    const ident = keyIdentifier(hash);
    const now = this.d.clock.now();
    const by = meta.actor ?? this.d.operator;
    this.d.db
      .prepare('UPDATE sources SET key_hash = ?, key_identifier = ?, key_generated_at = ?, key_generated_by = ? WHERE id = ?')
      .run(hash, ident, now, by, cur.id);
    this.d.cache.reload();
    this.d.security.record({
      type,
      actor: actorOf(meta),
      resource: { type: 'log_source', id: cur.id },
      details: { keyIdentifier: ident, sourceName: cur.name },
    });
    const ingestUrl = this.d.ingestUrl();
    return { key, keyIdentifier: ident, keyGeneratedAt: iso(now), ingestUrl, curlExample: curlExample(ingestUrl, key) };
  }

  private pushRow(id: string): SourceRow {
    const cur = this.row(id);
    if (cur.built_in) throw validationError('the built-in Watchpost source takes no ingest key', { field: 'id' });
    if (isPull(cur.type)) throw validationError(`ingest keys are for push sources; ${cur.type} is a pull type`, { field: 'type' });
    return cur;
  }
  private row(id: string): SourceRow {
    const row = this.d.db.prepare('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow | undefined;
    if (!row) throw notFound('log source', id);
    return row;
  }

  private readFields(input: Input, type: SourceType, creating: boolean, selfId?: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (input.name !== undefined) out.name = str(input, 'name', { min: 1, max: CONFIG_LIMITS.nameChars });
    const active = bool(input, 'active');
    if (active !== undefined) out.active = active ? 1 : 0;
    if (input.rateLimit !== undefined) out.rate_limit = int(input, 'rateLimit', { min: RATE_LIMIT.min, max: RATE_LIMIT.max });
    const description = optStr(input, 'description', { max: CONFIG_LIMITS.descriptionChars });
    if (description !== undefined) out.description = description;
    const platformId = optId(input, 'platformId');
    if (platformId !== undefined) {
      if (platformId !== null && !this.d.db.prepare('SELECT 1 FROM platforms WHERE id = ?').get(platformId)) {
        throw validationError(`platformId ${platformId} does not exist`, { field: 'platformId' });
      }
      out.platform_id = platformId;
    }
    const hb = optInt(input, 'heartbeatMinutes', { min: 0, max: CONFIG_LIMITS.maxMinutes });
    if (hb !== undefined) out.heartbeat_minutes = hb;
    if (isPull(type)) {
      if (input.credentials !== undefined) out.credentials_enc = this.d.secrets.encrypt(JSON.stringify(validateCredentials(type, input.credentials)));
      else if (creating) throw validationError(`credentials are required for type ${type}`, { field: 'credentials' });
      const sources = strList(input, 'sources', { maxItems: 100, maxLen: 1024 });
      if (sources !== undefined) {
        if (sources.length === 0) throw validationError('sources must list at least one log group, index or selector', { field: 'sources' });
        out.pull_sources = JSON.stringify(sources);
      } else if (creating) throw validationError(`sources is required for type ${type}`, { field: 'sources' });
      Object.assign(out, readPullSchedule(input));
    } else {
      if (input.credentials !== undefined) throw validationError(`credentials are only for pull types, not ${type}`, { field: 'credentials' });
      for (const k of PULL_FIELDS) if (input[k] !== undefined) throw validationError(`${k} is only for pull types, not ${type}`, { field: k });
    }
    if (input.listenPort !== undefined) {
      if (type !== 'syslog' && type !== 'cef' && type !== 'gelf')
        throw validationError('listenPort is only for syslog, cef and gelf sources', { field: 'listenPort' });
      out.listen_port = input.listenPort === null ? null : int(input, 'listenPort', { min: CONFIG_LIMITS.minPort, max: CONFIG_LIMITS.maxPort });
      if (out.listen_port !== null) {
        const taken = this.d.db.prepare('SELECT id, name FROM sources WHERE listen_port = ? AND id IS NOT ?').get(out.listen_port, selfId ?? null) as
          | { id: string; name: string }
          | undefined;
        if (taken)
          throw validationError(`listenPort ${out.listen_port} is already used by log source ${taken.name}`, { field: 'listenPort', sourceId: taken.id });
      }
    }
    return out;
  }

  private toSource(r: SourceRow): LogSource {
    let credentialKeys: string[] = [];
    if (r.credentials_enc) {
      try {
        credentialKeys = Object.keys(JSON.parse(this.d.secrets.decrypt(r.credentials_enc)) as object);
      } catch {
        credentialKeys = [];
      }
    }
    return {
      id: r.id,
      name: r.name,
      type: r.type as SourceType,
      active: r.active === 1,
      rateLimit: r.rate_limit,
      description: r.description,
      platformId: r.platform_id,
      heartbeatMinutes: r.heartbeat_minutes,
      createdAt: iso(r.created_at),
      lastUsedAt: isoOrNull(Math.max(r.last_used_at ?? 0, this.d.cache.bySeq(r.seq)?.lastEventAt ?? 0) || null),
      keyIdentifier: r.key_identifier,
      keyGeneratedAt: isoOrNull(r.key_generated_at),
      keyGeneratedBy: r.key_generated_by,
      sources: JSON.parse(r.pull_sources) as string[],
      credentialKeys,
      listenPort: r.listen_port,
      builtIn: r.built_in === 1,
      lastTransport: this.d.cache.bySeq(r.seq)?.lastTransport ?? null,
      ...(isPull(r.type) ? pullFields(this.d.db, r, credentialKeys.length > 0, this.d.clock.now()) : {}),
    };
  }

  private audit(type: SecurityEventType, resourceType: string, id: string, meta: CallMeta, details: Record<string, unknown>): void {
    this.d.security.record({ type, actor: actorOf(meta), resource: { type: resourceType, id }, details });
  }
}

export function curlExample(ingestUrl: string, key: string): string {
  // No timestamp: the event takes its arrival time, so it shows up in the Log Viewer's default range.
  const body = JSON.stringify({ severity: 'info', message: 'hello from curl', action: 'test', outcome: 'success' });
  return `curl -X POST "${ingestUrl}" \\\n  -H "X-DF-Source-Key: ${key}" \\\n  -H "Content-Type: application/x-ndjson" \\\n  --data-binary '${body}'`;
}

function toPlatform(r: PlatformRow): Platform {
  return { id: r.id, name: r.name, description: r.description, createdAt: iso(r.created_at) };
}
