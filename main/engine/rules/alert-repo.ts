import type { Statement } from 'better-sqlite3';
import type { AlertResolution, AlertStatus, RuleSeverity } from '../../../shared/enums.ts';
import type { Db } from '../store/db.ts';
import type { AlertState } from './alert-model.ts';

interface AlertRow {
  id: string;
  rule_id: string;
  rule_name: string;
  severity: string;
  status: string;
  group_key: string;
  title: string;
  first_seen_at: number;
  last_seen_at: number;
  event_count: number;
  sample_event_ids: string;
  source_ids: string;
  acknowledged_at: number | null;
  resolved_at: number | null;
  resolved_by: string | null;
  status_changed_at: number;
  last_event_id: number;
  min_ts: number | null;
  max_ts: number | null;
  query: string;
  late: number;
  assignee: string | null;
  resolution_reason: string | null;
}

function fromRow(r: AlertRow): AlertState {
  return {
    id: r.id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    severity: r.severity as RuleSeverity,
    status: r.status as AlertStatus,
    groupKey: r.group_key,
    title: r.title,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    eventCount: r.event_count,
    sampleEventIds: JSON.parse(r.sample_event_ids) as string[],
    sourceIds: JSON.parse(r.source_ids) as string[],
    acknowledgedAt: r.acknowledged_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by as AlertState['resolvedBy'],
    statusChangedAt: r.status_changed_at,
    lastEventId: r.last_event_id,
    minTs: r.min_ts,
    maxTs: r.max_ts,
    query: r.query,
    late: r.late === 1,
    assignee: r.assignee,
    resolutionReason: r.resolution_reason as AlertResolution | null,
    notes: [],
  };
}

/** alerts.list filters (SPEC §4 `GET /v1/alerts?status=&severity=&ruleId=`). */
export interface AlertFilter {
  status?: AlertStatus;
  severity?: RuleSeverity;
  ruleId?: string;
  limit: number;
}

/** The alerts and rule_groups tables: the only code that writes them. */
export class AlertRepo {
  private readonly db: Db;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly getStmt: Statement;
  private readonly activeStmt: Statement;
  private readonly groupsStmt: Statement;
  private readonly upsertGroup: Statement;
  private readonly insertNote: Statement;

  constructor(db: Db) {
    this.db = db;
    this.insertStmt = db.prepare(`INSERT INTO alerts (id, rule_id, rule_name, severity, status, group_key, title, first_seen_at, last_seen_at,
      event_count, sample_event_ids, source_ids, acknowledged_at, resolved_at, resolved_by, status_changed_at, last_event_id, min_ts, max_ts, query,
      late, assignee, resolution_reason)
      VALUES (@id, @ruleId, @ruleName, @severity, @status, @groupKey, @title, @firstSeenAt, @lastSeenAt, @eventCount, @samples, @sources,
      @acknowledgedAt, @resolvedAt, @resolvedBy, @statusChangedAt, @lastEventId, @minTs, @maxTs, @query, @late, @assignee, @resolutionReason)`);
    this.updateStmt = db.prepare(`UPDATE alerts SET status = @status, title = @title, last_seen_at = @lastSeenAt, event_count = @eventCount,
      sample_event_ids = @samples, source_ids = @sources, acknowledged_at = @acknowledgedAt, resolved_at = @resolvedAt, resolved_by = @resolvedBy,
      status_changed_at = @statusChangedAt, last_event_id = @lastEventId, min_ts = @minTs, max_ts = @maxTs, query = @query, late = @late,
      assignee = @assignee, resolution_reason = @resolutionReason WHERE id = @id`);
    this.insertNote = db.prepare('INSERT INTO alert_notes (alert_id, at, author, text) VALUES (?, ?, ?, ?)');
    this.getStmt = db.prepare('SELECT * FROM alerts WHERE id = ?');
    this.activeStmt = db.prepare("SELECT * FROM alerts WHERE status != 'resolved' ORDER BY seq");
    this.groupsStmt = db.prepare('SELECT rule_id, group_key, last_fired_at FROM rule_groups');
    this.upsertGroup = db.prepare(`INSERT INTO rule_groups (rule_id, group_key, last_fired_at) VALUES (?, ?, ?)
      ON CONFLICT (rule_id, group_key) DO UPDATE SET last_fired_at = excluded.last_fired_at`);
  }

  private bind(a: AlertState): Record<string, unknown> {
    return {
      id: a.id,
      ruleId: a.ruleId,
      ruleName: a.ruleName,
      severity: a.severity,
      status: a.status,
      groupKey: a.groupKey,
      title: a.title,
      firstSeenAt: a.firstSeenAt,
      lastSeenAt: a.lastSeenAt,
      eventCount: a.eventCount,
      samples: JSON.stringify(a.sampleEventIds),
      sources: JSON.stringify(a.sourceIds),
      acknowledgedAt: a.acknowledgedAt,
      resolvedAt: a.resolvedAt,
      resolvedBy: a.resolvedBy,
      statusChangedAt: a.statusChangedAt,
      lastEventId: a.lastEventId,
      minTs: a.minTs,
      maxTs: a.maxTs,
      query: a.query,
      late: a.late ? 1 : 0,
      assignee: a.assignee,
      resolutionReason: a.resolutionReason,
    };
  }

  insert(a: AlertState): void {
    this.insertStmt.run(this.bind(a));
  }
  update(a: AlertState): void {
    this.updateStmt.run(this.bind(a));
  }
  get(id: string): AlertState | undefined {
    const r = this.getStmt.get(id) as AlertRow | undefined;
    return r ? this.withNotes([fromRow(r)])[0] : undefined;
  }
  /** Open and acknowledged alerts: the (rule, group) → alert map rebuilt on start. */
  loadActive(): AlertState[] {
    return this.withNotes((this.activeStmt.all() as AlertRow[]).map(fromRow));
  }
  /** Append an analyst's note (written at once; notes are never edited or dropped). */
  addNote(a: AlertState, note: { at: number; author: string; text: string }): void {
    this.insertNote.run(a.id, note.at, note.author, note.text);
    a.notes.push(note);
  }
  /** Fill in the notes of these alerts with one query (oldest note first). */
  private withNotes(alerts: AlertState[]): AlertState[] {
    if (alerts.length === 0) return alerts;
    const byId = new Map(alerts.map((a) => [a.id, a]));
    const rows = this.db
      .prepare(`SELECT alert_id, at, author, text FROM alert_notes WHERE alert_id IN (${alerts.map(() => '?').join(',')}) ORDER BY seq`)
      .all(...byId.keys()) as { alert_id: string; at: number; author: string; text: string }[];
    for (const r of rows) byId.get(r.alert_id)?.notes.push({ at: r.at, author: r.author, text: r.text });
    return alerts;
  }
  /** Newest first. */
  list(f: AlertFilter): AlertState[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.status) where.push('status = ?'), args.push(f.status);
    if (f.severity) where.push('severity = ?'), args.push(f.severity);
    if (f.ruleId) where.push('rule_id = ?'), args.push(f.ruleId);
    const sql = `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return this.withNotes((this.db.prepare(sql).all(...args, f.limit) as AlertRow[]).map(fromRow));
  }
  /** Cooldown memory: when each (rule, group) last raised an alert. */
  loadGroups(): { ruleId: string; groupKey: string; lastFiredAt: number }[] {
    return (this.groupsStmt.all() as { rule_id: string; group_key: string; last_fired_at: number }[]).map((r) => ({
      ruleId: r.rule_id,
      groupKey: r.group_key,
      lastFiredAt: r.last_fired_at,
    }));
  }
  saveGroup(ruleId: string, groupKey: string, at: number): void {
    this.upsertGroup.run(ruleId, groupKey, at);
  }
}
