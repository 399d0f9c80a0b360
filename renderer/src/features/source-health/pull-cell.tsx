/**
 * Pull status under a pull source's name in Source Health (no extra column, so the table still
 * fits 1280 px): last poll and last success, lag behind now, entries pulled, and the last error in
 * the provider's words.
 */
import type { JSX } from 'react';
import type { HealthRow } from '../../../../shared/types.ts';
import { formatCount, formatDateTime, relativeTime } from '../../ui/format-time.ts';
import { formatLag } from '../settings-sources/pull-status-panel.tsx';

export function PullCell({ row, now }: { row: HealthRow; now: Date }): JSX.Element {
  if (row.pulledTotal === undefined) return <></>;
  const polled = row.lastPollAt ? relativeTime(row.lastPollAt, now) : 'never';
  return (
    <div className="pull-cell" data-testid="pull-cell">
      <div title={row.lastPollAt ? `Last poll ${formatDateTime(row.lastPollAt)}; last success ${formatDateTime(row.lastSuccessAt)}` : 'Not polled yet'}>
        <span data-testid="pull-last-poll">polled {polled}</span>
        {row.lastSuccessAt && row.lastSuccessAt !== row.lastPollAt && <span className="faint"> · ok {relativeTime(row.lastSuccessAt, now)}</span>}
      </div>
      <div className="faint">
        lag <span data-testid="pull-lag">{formatLag(row.lagMs)}</span> · <span data-testid="pull-total">{formatCount(row.pulledTotal)}</span> pulled
      </div>
      {row.lastError && (
        <div className="pull-error" data-testid="pull-last-error" title={row.lastError}>
          {row.lastError}
        </div>
      )}
    </div>
  );
}
