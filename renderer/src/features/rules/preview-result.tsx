/** What Preview found: how often the draft would have fired over the last 24 h, and when. */
import type { JSX } from 'react';
import { useRules } from '../../stores/rules-store.ts';
import { formatCount, formatDateTime } from '../../ui/format-time.ts';

const LISTED = 8;

/** Shown under the editor once Preview has run. */
export function PreviewResult(): JSX.Element | null {
  const preview = useRules((s) => s.preview);
  if (preview.state === 'idle') return null;
  if (preview.state === 'running') {
    return (
      <div className="rule-preview" role="status" data-testid="preview-result">
        Replaying the last 24 h of events…
      </div>
    );
  }
  if (preview.state === 'error') return null; // shown next to the field it names
  const r = preview.result;
  return (
    <div className="rule-preview" role="status" data-testid="preview-result">
      <strong>{r.wouldFire === 0 ? 'Would not have fired' : `Would have fired ${formatCount(r.wouldFire)} time${r.wouldFire === 1 ? '' : 's'}`}</strong> in the
      last 24 h ({formatDateTime(r.from)} – {formatDateTime(r.to)}), over {formatCount(r.matchedEvents)} matching event{r.matchedEvents === 1 ? '' : 's'}.
      {r.lateFirings > 0 && (
        <p data-testid="preview-late">
          {r.lateFirings === r.wouldFire ? (r.wouldFire === 1 ? 'It came' : 'All of them came') : `${formatCount(r.lateFirings)} of them came`} from late data
          (events that arrived more than the allowed lateness after their timestamp, e.g. a backfill): those alerts are marked late and raise no toast.
        </p>
      )}
      {r.firings.length > 0 && (
        <ul className="rule-preview-list">
          {r.firings.slice(0, LISTED).map((f, i) => (
            <li key={`${f.at}-${i}`}>
              {f.late ? `${formatDateTime(f.eventAt)} (event time; would be raised ${formatDateTime(f.at)})` : formatDateTime(f.at)}
              {f.groupKey && <span className="mono"> {f.groupKey}</span>} · {formatCount(f.eventCount)} event{f.eventCount === 1 ? '' : 's'}
              {f.late && <span className="late-badge"> late</span>}
            </li>
          ))}
          {r.wouldFire > LISTED && <li className="faint">… and {formatCount(r.wouldFire - LISTED)} more</li>}
        </ul>
      )}
    </div>
  );
}
