/** The rule list: name and condition, type, scope, severity, active, last triggered, trigger count. */
import type { JSX } from 'react';
import type { LogSource, Platform, Rule } from '../../../../shared/types.ts';
import { hrefFor } from '../../router.ts';
import { appStore } from '../../stores/app-store.ts';
import { errorMessage } from '../../stores/load-state.ts';
import { RULE_TYPE_SHORT, describeCondition, describeScope } from './rules-form.ts';
import { rulesStore } from '../../stores/rules-store.ts';
import { formatCount, formatDateTime, relativeTime } from '../../ui/format-time.ts';
import { SeverityBadge } from '../alerts/alert-badges.tsx';
import { DataTableHead, numCol } from '../../ui/data-table.tsx';

async function setActive(rule: Rule, active: boolean): Promise<void> {
  try {
    await rulesStore.getState().update(rule.id, { active });
    appStore.getState().toast('success', `"${rule.name}" is now ${active ? 'active' : 'inactive'}.`);
  } catch (err) {
    appStore.getState().toast('error', `Could not change "${rule.name}": ${errorMessage(err)}`);
  }
}

/** The rule list with an inline Active toggle (silence a noisy rule without deleting it). */
export function RulesTable({ rules, sources, platforms }: { rules: Rule[]; sources: LogSource[]; platforms: Platform[] }): JSX.Element {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="rules-table">
        <DataTableHead columns={['Rule', 'Type', 'Scope', 'Severity', 'Active', 'Last triggered', numCol('Triggers')]} />
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} data-testid="rule-row" data-rule-id={r.id}>
              <td>
                <a href={hrefFor(`settings/rules/${r.id}`)}>{r.name}</a>
                <div className="faint cell-sub rule-condition">{describeCondition(r)}</div>
              </td>
              <td>{RULE_TYPE_SHORT[r.ruleType]}</td>
              <td className="rule-scope">{describeScope(r, sources, platforms)}</td>
              <td>
                <SeverityBadge severity={r.severity} />
              </td>
              <td>
                <label className="checkbox">
                  <input type="checkbox" checked={r.active} onChange={(e) => void setActive(r, e.target.checked)} aria-label={`${r.name} active`} />
                  <span>{r.active ? 'Active' : 'Inactive'}</span>
                </label>
              </td>
              <td title={formatDateTime(r.lastTriggered)}>{r.lastTriggered ? relativeTime(r.lastTriggered) : 'Never'}</td>
              <td className="num" data-testid="trigger-count">
                {formatCount(r.triggerCount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
