/**
 * Export of the current query to NDJSON or CSV. Pages through `events.search` by cursor (largest
 * page the API allows), turns each page into a Blob part as it arrives (so the browser can spill to
 * disk instead of holding one giant string), reports progress, and stops promptly when cancelled.
 */
import { SEARCH_LIMITS } from '../../../../shared/limits.ts';
import type { WatchpostEvent } from '../../../../shared/types.ts';
import type { WatchpostClient } from '../../client.ts';
import { displayValue, rawValue } from './log-viewer-columns.ts';

export type ExportFormat = 'ndjson' | 'csv';

/** Envelope columns written to CSV, in order; custom raw columns follow. */
export const CSV_ENVELOPE_COLUMNS = [
  'id',
  'timestamp',
  'receivedAt',
  'severity',
  'category',
  'sourceId',
  'sourceName',
  'host',
  'user',
  'action',
  'outcome',
  'message',
  'tags',
] as const;

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
 * Cells starting with = + - @ (or a tab/CR) are prefixed with ' so a spreadsheet never evaluates
 * attacker-controlled log text as a formula (OWASP CSV injection).
 */
export function csvField(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  if (/[",\r\n]/.test(v)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

export function csvHeader(customColumns: string[]): string {
  return [...CSV_ENVELOPE_COLUMNS, ...customColumns].map(csvField).join(',') + '\r\n';
}

export function csvRow(event: WatchpostEvent, customColumns: string[]): string {
  const cells: string[] = [];
  for (const key of CSV_ENVELOPE_COLUMNS) {
    const v = key === 'tags' ? event.tags.join(';') : event[key];
    cells.push(csvField(v === null || v === undefined ? '' : String(v)));
  }
  for (const path of customColumns) cells.push(csvField(displayValue(rawValue(event, path))));
  return cells.join(',') + '\r\n';
}

/** One event per line, the API's event JSON unchanged (raw included). */
export function ndjsonLine(event: WatchpostEvent): string {
  return JSON.stringify(event) + '\n';
}

export function formatPage(events: WatchpostEvent[], format: ExportFormat, customColumns: string[]): string {
  let out = '';
  for (const e of events) out += format === 'csv' ? csvRow(e, customColumns) : ndjsonLine(e);
  return out;
}

export interface ExportRequest {
  q: string;
  from: string;
  to: string;
  format: ExportFormat;
  customColumns: string[];
  pageLimit?: number;
}

export interface ExportControl {
  /** Checked between pages; set by the Cancel button. */
  cancelled: boolean;
}

export type ExportOutcome = { status: 'done'; blob: Blob; count: number } | { status: 'cancelled'; count: number };

/** Run an export to completion (or cancellation). Errors from the client propagate to the caller. */
export async function runExport(
  client: Pick<WatchpostClient, 'call'>,
  req: ExportRequest,
  control: ExportControl,
  onProgress: (count: number) => void,
): Promise<ExportOutcome> {
  const limit = req.pageLimit ?? SEARCH_LIMITS.maxLimit;
  const parts: Blob[] = [];
  const type = req.format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson';
  if (req.format === 'csv') parts.push(new Blob([csvHeader(req.customColumns)]));
  let cursor: string | undefined;
  let count = 0;
  for (;;) {
    if (control.cancelled) return { status: 'cancelled', count };
    const page = await client.call('events.search', { q: req.q, from: req.from, to: req.to, limit, ...(cursor ? { cursor } : {}) });
    if (control.cancelled) return { status: 'cancelled', count };
    if (page.events.length > 0) parts.push(new Blob([formatPage(page.events, req.format, req.customColumns)]));
    count += page.events.length;
    onProgress(count);
    if (!page.nextCursor || page.events.length === 0) break;
    cursor = page.nextCursor;
  }
  return { status: 'done', blob: new Blob(parts, { type }), count };
}

/** `watchpost-events-20260417T100000Z.csv` */
export function exportFileName(format: ExportFormat, nowMs: number): string {
  const stamp = new Date(nowMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `watchpost-events-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}`;
}

/** Hand a finished export to the browser as a download (an <a download> click). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser a moment to start reading the blob before releasing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
