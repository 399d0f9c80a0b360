/** A rule's "Recent alerts" panel (seed 004 related list): its newest alerts, live, linking to the inbox. */
import { useEffect } from 'react';
import type { JSX } from 'react';
import type { Rule } from '../../../../shared/types.ts';
import { hrefFor } from '../../router.ts';
import { alertsStore } from '../../stores/alerts-store.ts';
import { rulesStore, useRules } from '../../stores/rules-store.ts';
import { formatCount, formatDateTime, relativeTime } from '../../ui/format-time.ts';
import { AlertStatusBadge } from '../alerts/alert-badges.tsx';

/** Side panel of the rule editor: status counters and the newest alerts. */
export function RecentAlerts({ rule }: { rule: Rule }): JSX.Element {
  const recent = useRules((s) => s.recent[rule.id]);
  useEffect(() => {
    void rulesStore.getState().loadRecent(rule.id);
  }, [rule.id]);
  const items = recent?.items ?? [];
  return (
    <aside className="panel rule-recent" aria-labelledby="recent-alerts-title" data-testid="recent-alerts">
      <h2 id="recent-alerts-title">Recent alerts</h2>
      <dl className="rule-stats">
        <div>
          <dt>Triggered</dt>
          <dd data-testid="rule-trigger-count">{formatCount(rule.triggerCount)} times</dd>
        </div>
        <div>
          <dt>Last triggered</dt>
          <dd title={formatDateTime(rule.lastTriggered)}>{rule.lastTriggered ? relativeTime(rule.lastTriggered) : 'Never'}</dd>
        </div>
        <div>
          <dt>Last evaluated</dt>
          <dd title={formatDateTime(rule.lastEvaluated)}>{rule.lastEvaluated ? relativeTime(rule.lastEvaluated) : 'Not yet'}</dd>
        </div>
      </dl>
      {recent?.status === 'error' && <p className="error">{recent.error}</p>}
      {recent?.status === 'ready' && items.length === 0 && <p className="faint">This rule has not raised an alert yet.</p>}
      <ul className="rule-recent-list">
        {items.map((a) => (
          <li key={a.id}>
            <a href={hrefFor(`alerts/${a.id}`)}>{a.groupKey || a.title}</a>
            <div className="cell-sub faint">
              <AlertStatusBadge status={a.status} /> {formatDateTime(a.firstSeenAt)} · {formatCount(a.eventCount)} event{a.eventCount === 1 ? '' : 's'}
            </div>
          </li>
        ))}
      </ul>
      <a
        href={hrefFor('alerts')}
        onClick={() => void alertsStore.getState().setFilter({ ruleId: rule.id, status: '', severity: '' })}
        data-testid="rule-alerts-link"
      >
        All alerts of this rule
      </a>
    </aside>
  );
}
