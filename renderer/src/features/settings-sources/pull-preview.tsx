/**
 * The result of "Test" for a pull source: per target, connected or the provider's refusal, and up to
 * 20 lines exactly as they would be stored (time, severity, host, message).
 */
import type { JSX } from 'react';
import type { SourceTestResult } from '../../../../shared/types.ts';
import { formatInstant } from '../../ui/format-time.ts';
import { DataTableHead } from '../../ui/data-table.tsx';

export function PullPreview({ result }: { result: SourceTestResult }): JSX.Element {
  return (
    <div className="pull-preview" data-testid="pull-preview" aria-live="polite">
      <p className={result.ok ? 'ok-text' : 'error'} role="status">
        {result.message}
      </p>
      {result.targets.map((t) => (
        <div key={t.target} className="pull-preview-target" data-testid="pull-preview-target" data-ok={t.ok}>
          <div className="pull-preview-head">
            <span className={`badge ${t.ok ? 'badge-ok' : 'badge-danger'}`}>{t.ok ? 'Connected' : 'Failed'}</span> <code>{t.target}</code>
            {t.ok && (
              <span className="faint">
                {' '}
                · {t.preview.length} line{t.preview.length === 1 ? '' : 's'}
              </span>
            )}
          </div>
          {t.error && (
            <div className="error" data-testid="pull-preview-error">
              {t.error}
            </div>
          )}
          {t.ok && t.preview.length === 0 && <p className="faint">Connected, but nothing in the last 24 hours for this target.</p>}
          {t.preview.length > 0 && (
            <table className="data pull-preview-table">
              <DataTableHead columns={['Time', 'Severity', 'Host', 'Message']} />
              <tbody>
                {t.preview.map((e, i) => (
                  <tr key={i} data-testid="pull-preview-line">
                    <td className="mono nowrap">{formatInstant(e.timestamp, 'ms')}</td>
                    <td>{e.severity}</td>
                    <td>{e.host ?? <span className="faint">—</span>}</td>
                    <td className="mono pull-preview-message">{e.message ?? <span className="faint">(no message)</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </div>
  );
}
