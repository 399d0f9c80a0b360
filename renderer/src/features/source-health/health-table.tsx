/** The Source Health table body: one row per source, optionally under platform group headers. */
import type { JSX } from 'react';
import type { HealthRow } from '../../../../shared/types.ts';
import { hrefFor } from '../../router.ts';
import { formatCount, formatDateTime, relativeTime } from '../../ui/format-time.ts';
import { HealthBadge, HEALTH_LABELS } from '../../ui/status-badge.tsx';
import { Sparkline } from '../../ui/sparkline.tsx';
import type { HealthGroup } from './health-view.ts';
import { PullCell } from './pull-cell.tsx';
import { DataTableHead, numCol } from '../../ui/data-table.tsx';
import type { HeadColumn } from '../../ui/data-table.tsx';

const HEAD: HeadColumn[] = [
  'Source',
  'Platform',
  'Status',
  'Last event',
  numCol('Events 1h'),
  numCol('Events 24h'),
  numCol('Rejected', 'Lines rejected in the last 24 h (invalid JSON, oversized raw, …)'),
  numCol('Rate-limited', 'Events refused with 429 in the last 24 h'),
  'Last 24h',
];

function Row({ row, platform, now }: { row: HealthRow; platform: string; now: Date }): JSX.Element {
  return (
    <tr data-testid="health-row" data-source-id={row.sourceId} data-status={row.status}>
      <td>
        <a href={hrefFor(`settings/sources/${row.sourceId}`)}>{row.name}</a>
        {row.pulledTotal !== undefined && <PullCell row={row} now={now} />}
      </td>
      <td>{platform}</td>
      <td>
        <HealthBadge status={row.status} />
      </td>
      <td title={row.lastEventAt ? formatDateTime(row.lastEventAt) : undefined} data-testid="last-event">
        {row.lastEventAt ? relativeTime(row.lastEventAt, now) : <span className="faint">Never</span>}
      </td>
      <td className="num" data-testid="events-1h">
        {formatCount(row.events1h)}
      </td>
      <td className="num" data-testid="events-24h">
        {formatCount(row.events24h)}
      </td>
      <td className={`num${row.rejected24h > 0 ? ' warn-text' : ''}`} data-testid="rejected-24h">
        {formatCount(row.rejected24h)}
      </td>
      <td className={`num${row.rateLimited24h > 0 ? ' warn-text' : ''}`} data-testid="rate-limited-24h">
        {formatCount(row.rateLimited24h)}
      </td>
      <td>
        <Sparkline values={row.sparkline} width={96} label={`${row.name} events per hour`} />
      </td>
    </tr>
  );
}

export function HealthTable({
  groups,
  grouped,
  platformName,
  now,
}: {
  groups: HealthGroup[];
  grouped: boolean;
  platformName(id: string | null): string;
  now: Date;
}): JSX.Element {
  return (
    <div className="table-wrap">
      <table className="data health-table" data-testid="health-table">
        <DataTableHead columns={HEAD} />
        {groups.map((g) => (
          <tbody key={g.key} data-testid="health-group" data-group={g.key}>
            {grouped && (
              <tr className="group-row">
                <th colSpan={HEAD.length} scope="rowgroup">
                  {g.label}{' '}
                  <span className="faint">
                    · {g.rows.length} source{g.rows.length === 1 ? '' : 's'}
                    {(['silent', 'awaiting'] as const)
                      .filter((s) => g.counts[s] > 0)
                      .map((s) => ` · ${g.counts[s]} ${HEALTH_LABELS[s].toLowerCase()}`)
                      .join('')}
                  </span>
                </th>
              </tr>
            )}
            {g.rows.map((r) => (
              <Row key={r.sourceId} row={r} platform={platformName(r.platformId)} now={now} />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
