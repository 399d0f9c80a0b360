/**
 * A pull source's detail panel: schedule, last poll, last success, lag behind now, entries pulled,
 * last error (refreshed every few seconds), and "Test connection" with the provider's preview.
 */
import { useEffect, useState } from 'react';
import type { JSX } from 'react';
import type { LogSource, SourceTestResult } from '../../../../shared/types.ts';
import { getClient } from '../../app-client.ts';
import { formatCount, formatDateTime, relativeTime } from '../../ui/format-time.ts';
import { PullPreview } from './pull-preview.tsx';

const REFRESH_MS = 5_000;

/** "3 min", "2 h 5 min": how far the newest checkpoint trails now. */
export function formatLag(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function When({ iso }: { iso: string | null | undefined }): JSX.Element {
  return iso ? <span title={formatDateTime(iso)}>{relativeTime(iso)}</span> : <span className="faint">Never</span>;
}

export function PullStatusPanel({ source }: { source: LogSource }): JSX.Element {
  const [live, setLive] = useState<LogSource>(source);
  const [result, setResult] = useState<SourceTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setLive(source);
    let stopped = false;
    const t = setInterval(() => {
      getClient()
        .call('sources.get', { id: source.id })
        .then(
          (s) => !stopped && setLive(s),
          () => undefined,
        );
    }, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [source]);

  async function test(): Promise<void> {
    setTesting(true);
    setProblem(null);
    try {
      setResult(await getClient().call('sources.test', { id: source.id }));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setTesting(false);
    }
  }

  return (
    <div className="panel pull-status" data-testid="pull-status">
      <h2>Pull status</h2>
      <dl className="pull-status-grid">
        <dt>Every</dt>
        <dd>
          {live.pollIntervalSeconds ?? 60} s, ending {live.lagSeconds ?? 0} s behind now
        </dd>
        <dt>Last poll</dt>
        <dd data-testid="pull-last-poll">
          <When iso={live.lastPollAt} />
        </dd>
        <dt>Last success</dt>
        <dd data-testid="pull-last-success">
          <When iso={live.lastSuccessAt} />
        </dd>
        <dt>Lag</dt>
        <dd data-testid="pull-lag">{formatLag(live.lagMs)}</dd>
        <dt>Entries pulled</dt>
        <dd data-testid="pull-total">{formatCount(live.pulledTotal ?? 0)}</dd>
        <dt>Last error</dt>
        <dd data-testid="pull-last-error">{live.lastError ? <span className="error">{live.lastError}</span> : <span className="faint">None</span>}</dd>
      </dl>
      <div className="toolbar">
        <button type="button" className="btn" disabled={testing} onClick={() => void test()}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      {problem && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
      {result && <PullPreview result={result} />}
    </div>
  );
}
