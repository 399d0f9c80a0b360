/**
 * Event detail pane: envelope on the left, raw JSON tree on the right (as in the seed's LOG event
 * detail), copy of the whole event, filter in / filter out / add as column on every value, and
 * "surrounding events" (±5 min on the same host or source, oldest first, this event selected).
 */
import { useEffect, useRef } from 'react';
import type { JSX } from 'react';
import type { WatchpostEvent } from '../../../../shared/types.ts';
import { CopyButton } from '../../ui/copy-button.tsx';
import { formatDateTime } from '../../ui/format-time.ts';
import { Icon } from '../../ui/icons.tsx';
import { useLogViewer } from './log-viewer-store.ts';
import { openLogViewer, surroundingEventsLink } from './log-viewer-link.ts';
import { JsonTree } from './json-tree.tsx';
import { ValueActions } from './value-actions.tsx';
import { SURROUNDING_MINUTES } from './value-menu.tsx';

interface EnvelopeRow {
  label: string;
  /** Query field to filter on (null: not filterable). */
  field: string | null;
  value: string;
  /** Shown instead of `value` when given (e.g. a source's name while filtering by its id). */
  shown?: string;
}

function envelopeRows(e: WatchpostEvent): EnvelopeRow[] {
  const rows: EnvelopeRow[] = [
    { label: 'Time', field: null, value: e.timestamp, shown: formatDateTime(e.timestamp) },
    { label: 'Received', field: null, value: e.receivedAt, shown: formatDateTime(e.receivedAt) },
    { label: 'Severity', field: 'severity', value: e.severity },
    { label: 'Category', field: 'category', value: e.category },
    { label: 'Source', field: 'source', value: e.sourceId, shown: `${e.sourceName} (${e.sourceId})` },
    { label: 'Host', field: 'host', value: e.host ?? '' },
    { label: 'User', field: 'user', value: e.user ?? '' },
    { label: 'Action', field: 'action', value: e.action ?? '' },
    { label: 'Outcome', field: 'outcome', value: e.outcome },
    { label: 'Message', field: 'message', value: e.message ?? '' },
  ];
  for (const t of e.tags) rows.push({ label: 'Tag', field: 'tag', value: t });
  rows.push({ label: 'Event id', field: null, value: e.id });
  return rows;
}

export function EventDetail(): JSX.Element | null {
  const detail = useLogViewer((s) => s.detail);
  const close = useLogViewer((s) => s.closeDetail);
  const ref = useRef<HTMLElement>(null);
  const id = detail?.id;

  useEffect(() => {
    if (id) ref.current?.scrollTo?.({ top: 0 });
  }, [id]);

  if (!detail) return null;
  const e = detail.event;

  return (
    <section className="lv-detail" data-testid="lv-detail" aria-label="Event detail" ref={ref}>
      <header className="lv-detail-head">
        <h2>Event {detail.id}</h2>
        {detail.status === 'loading' && <span className="faint">Loading full record…</span>}
        <span className="spacer" />
        {e && <CopyButton text={JSON.stringify(e, null, 2)} label="Copy JSON" testId="lv-detail-copy" />}
        <button type="button" className="btn btn-sm btn-icon" data-testid="lv-detail-close" aria-label="Close detail (Esc)" title="Close (Esc)" onClick={close}>
          <Icon name="close" />
        </button>
      </header>
      {detail.error && (
        <p className="notice notice-error" role="alert">
          Could not read the full record: {detail.error}. Showing the row as listed.
        </p>
      )}
      {e && (
        <div className="lv-surrounding toolbar" role="group" aria-label="Surrounding events">
          <Icon name="clock" />
          <span className="muted">Surrounding events ±{SURROUNDING_MINUTES} min:</span>
          {(e.host ? (['host', 'source'] as const) : (['source'] as const)).map((by) => (
            <button
              key={by}
              type="button"
              className="btn btn-sm"
              data-testid={`lv-surrounding-${by}`}
              onClick={() => openLogViewer(surroundingEventsLink(e, { minutes: SURROUNDING_MINUTES, by }))}
            >
              Same {by}
            </button>
          ))}
        </div>
      )}
      {e && (
        <div className="lv-detail-body">
          <div className="lv-detail-envelope" data-testid="lv-detail-envelope">
            <h3>Envelope</h3>
            <dl>
              {envelopeRows(e).map((r, i) => (
                <div key={`${r.label}-${i}`} className="lv-env-row">
                  <dt>{r.label}</dt>
                  <dd>
                    <span className={r.field === 'severity' ? `lv-sev lv-sev-${r.value}` : undefined}>{r.shown ?? (r.value || '—')}</span>
                    {r.field && r.value !== '' && <ValueActions field={r.field} value={r.value} />}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          <div className="lv-detail-raw" data-testid="lv-detail-raw">
            <h3>Raw</h3>
            <ul className="lv-json" role="tree" aria-label="Raw payload">
              {Object.entries(e.raw).map(([k, v]) => (
                <JsonTree key={k} value={v} path={`raw.${k}`} name={k} depth={0} />
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}
