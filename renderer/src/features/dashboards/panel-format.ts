/** Small display rules shared by the panel views: series colours and labels, change wording. */
import { SEVERITIES } from '../../../../shared/enums.ts';
import type { Severity } from '../../../../shared/enums.ts';
import type { WatchpostEvent } from '../../../../shared/types.ts';
import { formatInstant } from '../../ui/format-time.ts';
import { displayValue, rawValue } from '../log-viewer/log-viewer-columns.ts';

const PALETTE = 10;

/** Severity series keep the theme's severity colours; other fields cycle a 10-colour palette; "other" is grey. */
export function seriesColour(field: string, value: string | null, index: number): string {
  if (value === null) return 'var(--db-series-other)';
  if (field === 'severity' && (SEVERITIES as readonly string[]).includes(value)) return `var(--sev-${value as Severity})`;
  return `var(--db-series-${index % PALETTE})`;
}

export function seriesLabel(value: string | null): string {
  if (value === null) return 'other';
  return value === '' ? '(empty)' : value;
}

/** "+12 (+8.5 %)", "−3 (−50 %)", "no change", or "+5 (new)" when the previous period had none. */
export function describeChange(change: number, percent: number | null): string {
  if (change === 0) return 'no change';
  const sign = change > 0 ? '+' : '−';
  const abs = Math.abs(change).toLocaleString('en-US');
  if (percent === null) return `${sign}${abs} (none before)`;
  const p = Math.abs(percent);
  return `${sign}${abs} (${sign}${p >= 10 ? Math.round(p) : p.toFixed(1)} %)`;
}

/** Text of a table panel cell: envelope names (`time`/`timestamp`, `source`, `tags` …) or a `raw.` path. */
export function cellText(event: WatchpostEvent, column: string): string {
  if (column === 'time' || column === 'timestamp') return formatInstant(event.timestamp, 's');
  if (column === 'receivedAt') return formatInstant(event.receivedAt, 's');
  if (column === 'source' || column === 'sourceName') return event.sourceName;
  if (column.startsWith('raw.')) return displayValue(rawValue(event, column));
  return displayValue((event as unknown as Record<string, unknown>)[column]);
}

/** Header text for a table column: envelope names capitalised, raw paths as typed. */
export function columnLabel(column: string): string {
  if (column.startsWith('raw.')) return column;
  if (column === 'timestamp') return 'Time';
  if (column === 'sourceName') return 'Source';
  return column.charAt(0).toUpperCase() + column.slice(1);
}
