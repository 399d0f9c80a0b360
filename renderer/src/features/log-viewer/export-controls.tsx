/** Export the current query to NDJSON or CSV, with progress and Cancel while it pages through. */
import type { JSX } from 'react';
import { useLogViewer } from './log-viewer-store.ts';
import { Icon } from '../../ui/icons.tsx';

const EXPORT_BUTTONS = [
  { format: 'ndjson', label: 'Export NDJSON', title: 'Export every event of the current query as NDJSON' },
  { format: 'csv', label: 'Export CSV', title: 'Export every event of the current query as CSV (with your custom columns)' },
] as const;

export function ExportControls(): JSX.Element {
  const ex = useLogViewer((s) => s.export);
  const canExport = useLogViewer((s) => s.status === 'ready' && s.rows.lengths.length > 0 && (s.rows.lengths[0] ?? 0) + s.rows.head.length > 0);
  const start = useLogViewer((s) => s.startExport);
  const cancel = useLogViewer((s) => s.cancelExport);
  const dismiss = useLogViewer((s) => s.dismissExport);
  const running = ex?.status === 'running';

  return (
    <div className="lv-export" role="group" aria-label="Export">
      {EXPORT_BUTTONS.map((b) => (
        <button
          key={b.format}
          type="button"
          className="btn btn-sm"
          data-testid={`lv-export-${b.format}`}
          disabled={!canExport || running}
          onClick={() => void start(b.format)}
          title={b.title}
        >
          {b.label}
        </button>
      ))}
      {ex && (
        <div className={`lv-export-status lv-export-${ex.status}`} data-testid="lv-export-status" data-status={ex.status} role="status" aria-live="polite">
          {running && (
            <>
              <progress
                data-testid="lv-export-progress"
                max={ex.total ?? undefined}
                value={ex.total ? Math.min(ex.count, ex.total) : undefined}
                aria-label={`Exporting ${ex.format.toUpperCase()}`}
              />
              <span>
                {ex.count.toLocaleString('en-US')}
                {ex.total !== null ? ` / ${ex.total.toLocaleString('en-US')}` : ''} events
              </span>
              <button type="button" className="btn btn-sm" data-testid="lv-export-cancel" onClick={cancel}>
                Cancel
              </button>
            </>
          )}
          {ex.status === 'done' && (
            <span>
              Exported {ex.count.toLocaleString('en-US')} events to {ex.fileName}
            </span>
          )}
          {ex.status === 'cancelled' && <span>Export cancelled</span>}
          {ex.status === 'error' && <span className="lv-export-error">Export failed: {ex.error}</span>}
          {!running && (
            <button
              type="button"
              className="btn btn-sm btn-ghost btn-icon"
              data-testid="lv-export-dismiss"
              aria-label="Dismiss export message"
              title="Dismiss"
              onClick={dismiss}
            >
              <Icon name="close" />
            </button>
          )}
        </div>
      )}
    </div>
  );
}
