/** Time presets (15 m, 1 h, 24 h, 7 d) and a custom UTC range. Choosing one runs the search. */
import { useState } from 'react';
import type { JSX } from 'react';
import { useLogViewer } from './log-viewer-store.ts';
import { describeRange, parseUtcInstant, pinRange, TIME_PRESETS, toInputValue } from './log-viewer-time.ts';

export function TimeRangePicker(): JSX.Element {
  const range = useLogViewer((s) => s.range);
  const pinned = useLogViewer((s) => s.pinned);
  const setRange = useLogViewer((s) => s.setRange);
  const [custom, setCustom] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);

  const openCustom = (): void => {
    const base = pinned ?? pinRange(range, Date.now());
    setFrom(toInputValue(base.from));
    setTo(toInputValue(base.to));
    setError(null);
    setCustom((c) => !c);
  };

  const apply = (): void => {
    const f = parseUtcInstant(from);
    const t = parseUtcInstant(to);
    if (!f) return setError('From is not a date (use YYYY-MM-DD HH:mm, UTC)');
    if (!t) return setError('To is not a date (use YYYY-MM-DD HH:mm, UTC)');
    if (Date.parse(f) >= Date.parse(t)) return setError('From must be before To');
    setError(null);
    setCustom(false);
    void setRange({ kind: 'absolute', from: f, to: t });
  };

  return (
    <div className="lv-range">
      <div className="lv-segmented" role="group" aria-label="Time range">
        {TIME_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="btn btn-sm"
            data-testid={`lv-range-${p.id}`}
            aria-pressed={range.kind === 'relative' && range.preset === p.id}
            title={`Last ${p.label}`}
            onClick={() => {
              setCustom(false);
              void setRange({ kind: 'relative', preset: p.id });
            }}
          >
            {p.label}
          </button>
        ))}
        <button type="button" className="btn btn-sm" data-testid="lv-range-custom" aria-pressed={range.kind === 'absolute'} aria-expanded={custom} onClick={openCustom}>
          Custom
        </button>
      </div>
      <span className="lv-range-label muted" data-testid="lv-range-label">
        {describeRange(range)}
      </span>
      {custom && (
        <form
          className="lv-range-custom"
          data-testid="lv-range-custom-form"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setCustom(false);
            }
          }}
        >
          <label>
            From (UTC)
            <input type="text" className="mono" data-testid="lv-range-from" value={from} placeholder="2026-04-17 10:00" onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To (UTC)
            <input type="text" className="mono" data-testid="lv-range-to" value={to} placeholder="2026-04-17 11:00" onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="submit" className="btn btn-sm btn-primary" data-testid="lv-range-apply">
            Apply
          </button>
          {error && (
            <span className="lv-range-error" role="alert" data-testid="lv-range-error">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
