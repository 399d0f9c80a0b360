/** The endpoint list: name and URL, format, what it receives, health, and per-endpoint actions. */
import { Fragment } from 'react';
import type { JSX } from 'react';
import type { Endpoint, LogSource } from '../../../../shared/types.ts';
import { hrefFor } from '../../router.ts';
import { forwardingStore, useForwarding } from '../../stores/forwarding-store.ts';
import { CATEGORY_LABELS, FORMAT_LABELS } from './forwarding-form.ts';
import { EndpointHealthCell } from './endpoint-health.tsx';
import { TestResult } from './test-result.tsx';
import { DataTableHead, srOnlyCol } from '../../ui/data-table.tsx';

function streams(e: Endpoint, sources: LogSource[]): string {
  const parts: string[] = [];
  if (e.categories.length === 5) parts.push('All security events');
  else if (e.categories.length > 0) parts.push(`Security: ${e.categories.map((c) => CATEGORY_LABELS[c]).join(', ')}`);
  if (e.alerts) parts.push('Alerts');
  if (e.logs) {
    const names = e.logSourceIds.map((id) => sources.find((s) => s.id === id)?.name ?? id);
    parts.push(names.length ? `Logs: ${names.join(', ')}` : 'Logs: all sources');
  }
  return parts.length ? parts.join(' · ') : 'Nothing selected';
}

export function EndpointsTable({ endpoints, sources }: { endpoints: Endpoint[]; sources: LogSource[] }): JSX.Element {
  const tests = useForwarding((s) => s.tests);
  return (
    <div className="table-wrap">
      <table className="data" data-testid="endpoints-table">
        <DataTableHead columns={['Endpoint', 'Format', 'Receives', 'Health', srOnlyCol('Actions')]} />
        <tbody>
          {endpoints.map((e) => (
            <Fragment key={e.id}>
              <tr data-testid="endpoint-row" data-endpoint-id={e.id}>
                <td>
                  <a href={hrefFor(`settings/forwarding/${e.id}/edit`)}>{e.name}</a>
                  <div className="faint cell-sub mono endpoint-url">{e.url}</div>
                </td>
                <td>{FORMAT_LABELS[e.format]}</td>
                <td className="endpoint-streams">
                  {streams(e, sources)}
                  {e.minSeverity !== 'debug' && <div className="faint cell-sub">Minimum severity: {e.minSeverity}</div>}
                </td>
                <td>
                  <EndpointHealthCell endpoint={e} />
                </td>
                <td className="endpoint-actions">
                  <div className="toolbar">
                    <button
                      type="button"
                      className="btn btn-sm"
                      data-testid="send-test"
                      disabled={tests[e.id]?.state === 'sending'}
                      onClick={() => void forwardingStore.getState().sendTest(e.id)}
                    >
                      Send test event
                    </button>
                    <a className="btn btn-sm" href={hrefFor(`settings/forwarding/${e.id}/edit`)} aria-label={`Edit ${e.name}`}>
                      Edit
                    </a>
                  </div>
                </td>
              </tr>
              {tests[e.id] && (
                <tr className="test-row">
                  <td colSpan={5}>
                    <TestResult test={tests[e.id]} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
