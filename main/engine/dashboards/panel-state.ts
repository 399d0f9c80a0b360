/**
 * Panels on current state rather than events: unresolved alerts by rule and severity, and the
 * Source Health summary. Both describe "now", so the dashboard's time range does not apply; the
 * platform and source filters do (an alert belongs to the sources whose events raised it).
 */
import { HEALTH_STATUSES } from '../../../shared/enums.ts';
import type { HealthStatus, RuleSeverity } from '../../../shared/enums.ts';
import type { AlertsData, HealthRow, SourceHealthData } from '../../../shared/types.ts';
import type { Db } from '../store/db.ts';

/** Which sources a dashboard's platform/source filters keep; null = every source (no filter). */
export type SourceScope = ReadonlySet<string> | null;

interface AlertRow {
  rule_id: string;
  rule_name: string;
  severity: RuleSeverity;
  status: 'open' | 'acknowledged';
  source_ids: string;
}

/** Open and acknowledged alerts grouped by (rule, severity), most first; `limit` rows. */
export function alertsPanel(db: Db, scope: SourceScope, limit: number): AlertsData {
  const rows = db.prepare("SELECT rule_id, rule_name, severity, status, source_ids FROM alerts WHERE status IN ('open', 'acknowledged')").all() as AlertRow[];
  const groups = new Map<string, AlertsData['rows'][number]>();
  let total = 0;
  for (const r of rows) {
    if (scope && !(JSON.parse(r.source_ids) as string[]).some((id) => scope.has(id))) continue;
    total++;
    const key = `${r.rule_id}\u0000${r.severity}`;
    const g = groups.get(key) ?? { ruleId: r.rule_id, ruleName: r.rule_name, severity: r.severity, open: 0, acknowledged: 0 };
    g[r.status]++;
    groups.set(key, g);
  }
  const sorted = [...groups.values()].sort((a, b) => b.open + b.acknowledged - (a.open + a.acknowledged) || a.ruleName.localeCompare(b.ruleName));
  return { kind: 'alerts', total, rows: sorted.slice(0, limit) };
}

/** Sources by health status, and the silent ones (longest silent first, `limit` of them). */
export function sourceHealthPanel(rows: readonly HealthRow[], scope: SourceScope, limit: number): SourceHealthData {
  const kept = rows.filter((r) => !scope || scope.has(r.sourceId));
  const counts = Object.fromEntries(HEALTH_STATUSES.map((s) => [s, 0])) as Record<HealthStatus, number>;
  for (const r of kept) counts[r.status]++;
  const silent = kept
    .filter((r) => r.status === 'silent')
    .sort((a, b) => (a.lastEventAt ?? '').localeCompare(b.lastEventAt ?? ''))
    .slice(0, limit)
    .map((r) => ({ sourceId: r.sourceId, name: r.name, platformId: r.platformId, lastEventAt: r.lastEventAt }));
  return { kind: 'sourceHealth', total: kept.length, counts, silent };
}
