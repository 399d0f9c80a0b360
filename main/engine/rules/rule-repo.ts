import type { Statement } from 'better-sqlite3';
import type { RuleSeverity, RuleType, Severity } from '../../../shared/enums.ts';
import type { Rule } from '../../../shared/types.ts';
import { isoOrNull, iso } from '../clock.ts';
import type { Db } from '../store/db.ts';
import type { RuleDefinition } from './rule-validate.ts';

interface RuleRow {
  id: string;
  name: string;
  description: string;
  active: number;
  severity: string;
  rule_type: string;
  platform_id: string | null;
  source_ids: string;
  severity_filter: string;
  cooldown_minutes: number;
  auto_close: number;
  auto_close_grace_minutes: number;
  threshold_field: string | null;
  threshold_value: string | null;
  threshold_count: number;
  threshold_window_minutes: number;
  threshold_group_by: string;
  pattern_field: string | null;
  pattern_value: string | null;
  absence_use_source_heartbeat: number;
  absence_window_minutes: number | null;
  notify_desktop: number;
  notify_endpoint_ids: string;
  condition: string | null;
  allowed_lateness_minutes: number;
  created_at: number;
  updated_at: number;
  last_evaluated: number | null;
  last_triggered: number | null;
  trigger_count: number;
}

/** A rule as the engine keeps it: the API shape with times as epoch ms. */
export interface StoredRule extends RuleDefinition {
  id: string;
  createdAt: number;
  updatedAt: number;
  lastEvaluated: number | null;
  lastTriggered: number | null;
  triggerCount: number;
}

function fromRow(r: RuleRow): StoredRule {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    active: r.active === 1,
    severity: r.severity as RuleSeverity,
    ruleType: r.rule_type as RuleType,
    platformId: r.platform_id,
    sourceIds: JSON.parse(r.source_ids) as string[],
    severityFilter: JSON.parse(r.severity_filter) as Severity[],
    cooldownMinutes: r.cooldown_minutes,
    autoClose: r.auto_close === 1,
    autoCloseGraceMinutes: r.auto_close_grace_minutes,
    thresholdField: r.threshold_field,
    thresholdValue: r.threshold_value,
    thresholdCount: r.threshold_count,
    thresholdWindowMinutes: r.threshold_window_minutes,
    thresholdGroupBy: r.threshold_group_by,
    patternField: r.pattern_field,
    patternValue: r.pattern_value,
    absenceUseSourceHeartbeat: r.absence_use_source_heartbeat === 1,
    absenceWindowMinutes: r.absence_window_minutes,
    notifyDesktop: r.notify_desktop === 1,
    notifyEndpointIds: JSON.parse(r.notify_endpoint_ids) as string[],
    condition: r.condition,
    allowedLatenessMinutes: r.allowed_lateness_minutes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastEvaluated: r.last_evaluated,
    lastTriggered: r.last_triggered,
    triggerCount: r.trigger_count,
  };
}

/** API shape of a stored rule. */
export function toApiRule(r: StoredRule): Rule {
  return {
    ...r,
    sourceIds: [...r.sourceIds],
    severityFilter: [...r.severityFilter],
    notifyEndpointIds: [...r.notifyEndpointIds],
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    lastEvaluated: isoOrNull(r.lastEvaluated),
    lastTriggered: isoOrNull(r.lastTriggered),
  };
}

function params(d: RuleDefinition): unknown[] {
  return [
    d.name,
    d.description,
    d.active ? 1 : 0,
    d.severity,
    d.ruleType,
    d.platformId,
    JSON.stringify(d.sourceIds),
    JSON.stringify(d.severityFilter),
    d.cooldownMinutes,
    d.autoClose ? 1 : 0,
    d.autoCloseGraceMinutes,
    d.thresholdField,
    d.thresholdValue,
    d.thresholdCount,
    d.thresholdWindowMinutes,
    d.thresholdGroupBy,
    d.patternField,
    d.patternValue,
    d.absenceUseSourceHeartbeat ? 1 : 0,
    d.absenceWindowMinutes,
    d.notifyDesktop ? 1 : 0,
    JSON.stringify(d.notifyEndpointIds),
    d.condition,
    d.allowedLatenessMinutes,
  ];
}
const DEF_COLUMNS = `name, description, active, severity, rule_type, platform_id, source_ids, severity_filter, cooldown_minutes, auto_close,
  auto_close_grace_minutes, threshold_field, threshold_value, threshold_count, threshold_window_minutes, threshold_group_by, pattern_field,
  pattern_value, absence_use_source_heartbeat, absence_window_minutes, notify_desktop, notify_endpoint_ids, condition, allowed_lateness_minutes`;

/** The rules table: the only code that writes it. */
export class RuleRepo {
  private readonly selectAll: Statement;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly deleteGroups: Statement;
  private readonly statusStmt: Statement;

  constructor(db: Db) {
    this.selectAll = db.prepare('SELECT * FROM rules ORDER BY created_at, id');
    this.insertStmt = db.prepare(`INSERT INTO rules (id, ${DEF_COLUMNS}, created_at, updated_at) VALUES (?, ${Array(24).fill('?').join(',')}, ?, ?)`);
    const sets = DEF_COLUMNS.split(',')
      .map((c) => `${c.trim()} = ?`)
      .join(', ');
    this.updateStmt = db.prepare(`UPDATE rules SET ${sets}, updated_at = ? WHERE id = ?`);
    this.deleteStmt = db.prepare('DELETE FROM rules WHERE id = ?');
    this.deleteGroups = db.prepare('DELETE FROM rule_groups WHERE rule_id = ?');
    this.statusStmt = db.prepare('UPDATE rules SET last_evaluated = ?, last_triggered = ?, trigger_count = ? WHERE id = ?');
  }

  all(): StoredRule[] {
    return (this.selectAll.all() as RuleRow[]).map(fromRow);
  }

  insert(id: string, d: RuleDefinition, now: number): StoredRule {
    this.insertStmt.run(id, ...params(d), now, now);
    return { ...d, id, createdAt: now, updatedAt: now, lastEvaluated: null, lastTriggered: null, triggerCount: 0 };
  }

  update(prev: StoredRule, d: RuleDefinition, now: number): StoredRule {
    this.updateStmt.run(...params(d), now, prev.id);
    return { ...prev, ...d, updatedAt: now };
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
    this.deleteGroups.run(id);
  }

  /** Persist the read-only status fields (lastEvaluated is flushed lazily, the rest when a rule fires). */
  saveStatus(r: StoredRule): void {
    this.statusStmt.run(r.lastEvaluated, r.lastTriggered, r.triggerCount, r.id);
  }
}
