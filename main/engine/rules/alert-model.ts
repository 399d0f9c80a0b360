import { randomBytes } from 'node:crypto';
import type { AlertResolution, AlertStatus, RuleSeverity } from '../../../shared/enums.ts';
import type { Alert } from '../../../shared/types.ts';
import { iso, isoOrNull } from '../clock.ts';
import { buildAlertQuery } from './alert-query.ts';
import type { SourceNames } from './alert-query.ts';
import type { StoredRule } from './rule-repo.ts';
import type { Evidence } from './threshold-window.ts';
import { isRegexForm } from './value-matcher.ts';

/**
 * An absence alert's Log Viewer window: the hour before the silence began, up to a minute after the
 * last event arrived (its timestamp may trail its arrival a little) — the source's last events.
 */
const ABSENCE_LOOKBACK_MS = 3600_000;
const ABSENCE_SKEW_MS = 60_000;

/** Sample ids kept per alert (SPEC §6). */
export const MAX_SAMPLES = 20;

/** An alert as the engine keeps it (epoch ms); `toApiAlert` gives the contract shape. */
export interface AlertState {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: RuleSeverity;
  status: AlertStatus;
  groupKey: string;
  title: string;
  firstSeenAt: number;
  lastSeenAt: number;
  eventCount: number;
  sampleEventIds: string[];
  sourceIds: string[];
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  resolvedBy: 'user' | 'auto' | null;
  /** Last status change: a reopened alert gets a fresh grace before auto-close may resolve it again. */
  statusChangedAt: number;
  /** Highest event id attributed, so a re-trigger adds only events not yet counted. */
  lastEventId: number;
  /** Event-time span of the attributed events (absence: last event before the silence … last check). */
  minTs: number | null;
  maxTs: number | null;
  query: string;
  /** Raised only by events later than the rule's allowed lateness (no toast); cleared when on-time events join. */
  late: boolean;
  assignee: string | null;
  resolutionReason: AlertResolution | null;
  notes: { at: number; author: string; text: string }[];
}

/** Why an absence alert fired (no events to attribute). */
export interface AbsenceTrigger {
  sourceId: string;
  sourceName: string;
  lastEventAt: number;
  windowMinutes: number;
}

/** `al_` + 72 random bits: unguessable, short enough to read out. */
export function newAlertId(): string {
  return `al_${randomBytes(9).toString('base64url')}`;
}

function groupLabel(groupKey: string, names: SourceNames): string {
  const sep = groupKey.indexOf(':');
  if (sep < 0) return '';
  const field = groupKey.slice(0, sep);
  let value = groupKey.slice(sep + 1);
  if (field === 'source') value = names(value) ?? value;
  return ` (${field} ${value === '' ? '(none)' : value})`;
}

function titleFor(rule: StoredRule, groupKey: string, absence: AbsenceTrigger | null, names: SourceNames): string {
  if (absence) return `${rule.name}: no events from ${absence.sourceName} for over ${absence.windowMinutes} min`;
  if (rule.ruleType === 'threshold') {
    const what = rule.condition
      ? `events matching ${rule.condition}`
      : rule.thresholdField
        ? `${rule.thresholdField} ~ "${rule.thresholdValue}" events`
        : 'events';
    return `${rule.name}: more than ${rule.thresholdCount} ${what} in ${rule.thresholdWindowMinutes} min${groupLabel(groupKey, names)}`;
  }
  if (rule.condition) return `${rule.name}: matches ${rule.condition}`;
  const value = rule.patternValue ?? '';
  return `${rule.name}: ${rule.patternField} ${isRegexForm(value) ? `matches ${value}` : `contains "${value}"`}`;
}

/** Did every one of these events arrive later than the rule allows? (Absence: never late.) */
function allLate(rule: StoredRule, evidence: Evidence[]): boolean {
  const lateness = rule.allowedLatenessMinutes * 60_000;
  return evidence.length > 0 && evidence.every((e) => e.receivedAt - e.ts > lateness);
}

function addEvidence(a: AlertState, evidence: Evidence[]): void {
  for (const e of evidence) {
    a.eventCount++;
    if (a.sampleEventIds.length < MAX_SAMPLES) a.sampleEventIds.push(String(e.id));
    if (!a.sourceIds.includes(e.sourceId)) a.sourceIds.push(e.sourceId);
    if (e.id > a.lastEventId) a.lastEventId = e.id;
    a.minTs = a.minTs === null ? e.ts : Math.min(a.minTs, e.ts);
    a.maxTs = a.maxTs === null ? e.ts : Math.max(a.maxTs, e.ts);
  }
}

/** A new open alert for (rule, group) from the events that made the condition true. */
export function createAlert(
  rule: StoredRule,
  groupKey: string,
  at: number,
  evidence: Evidence[],
  absence: AbsenceTrigger | null,
  names: SourceNames,
): AlertState {
  const a: AlertState = {
    id: newAlertId(),
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    status: 'open',
    groupKey,
    title: titleFor(rule, groupKey, absence, names),
    firstSeenAt: evidence.reduce((m, e) => Math.min(m, e.receivedAt), at),
    lastSeenAt: at,
    eventCount: 0,
    sampleEventIds: [],
    sourceIds: absence ? [absence.sourceId] : [],
    acknowledgedAt: null,
    resolvedAt: null,
    resolvedBy: null,
    statusChangedAt: at,
    lastEventId: 0,
    minTs: absence ? absence.lastEventAt - ABSENCE_LOOKBACK_MS : null,
    maxTs: absence ? absence.lastEventAt + ABSENCE_SKEW_MS : null,
    query: '',
    late: allLate(rule, evidence),
    assignee: null,
    resolutionReason: null,
    notes: [],
  };
  addEvidence(a, evidence);
  a.query = buildAlertQuery(rule, groupKey, a.sourceIds, names);
  return a;
}

/**
 * The condition re-triggered (or persists) while the alert is still open: count it into the same
 * alert. Returns true when a late alert just got on-time events (it now deserves the notification).
 */
export function bumpAlert(rule: StoredRule, a: AlertState, at: number, evidence: Evidence[], names: SourceNames): boolean {
  const escalated = a.late && evidence.length > 0 && !allLate(rule, evidence);
  if (escalated) a.late = false;
  const sources = a.sourceIds.length;
  addEvidence(a, evidence);
  a.lastSeenAt = Math.max(a.lastSeenAt, at);
  if (a.sourceIds.length !== sources) a.query = buildAlertQuery(rule, a.groupKey, a.sourceIds, names);
  return escalated;
}

/** Contract shape. The window ends 1 ms after the newest event so an exclusive `to` still shows it. */
export function toApiAlert(a: AlertState): Alert {
  const from = a.minTs ?? a.firstSeenAt;
  const to = (a.maxTs ?? a.lastSeenAt) + 1;
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: a.ruleName,
    severity: a.severity,
    status: a.status,
    groupKey: a.groupKey,
    title: a.title,
    firstSeenAt: iso(a.firstSeenAt),
    lastSeenAt: iso(a.lastSeenAt),
    eventCount: a.eventCount,
    sampleEventIds: [...a.sampleEventIds],
    sourceIds: [...a.sourceIds],
    acknowledgedAt: isoOrNull(a.acknowledgedAt),
    resolvedAt: isoOrNull(a.resolvedAt),
    resolvedBy: a.resolvedBy,
    query: a.query,
    queryFrom: iso(from),
    queryTo: iso(to),
    late: a.late,
    assignee: a.assignee,
    resolutionReason: a.resolutionReason,
    notes: a.notes.map((n) => ({ at: iso(n.at), author: n.author, text: n.text })),
  };
}
