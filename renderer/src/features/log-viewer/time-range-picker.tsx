/**
 * Time presets (15 m, 1 h, 24 h, 7 d) and a custom range. Custom bounds take what the API takes:
 * `now`, an amount back (`2h`, `-2h`, `now-2h`), or a time (in the display zone unless it names
 * one). Choosing a range runs the search.
 */
import { useState } from 'react';
import type { JSX } from 'react';
import { useLogViewer } from './log-viewer-store.ts';
import { checkRange, describeRange, presetOf, presetRange, TIME_PRESETS } from './log-viewer-time.ts';
import { formatInstant, timeDisplay, zoneLabel } from '../../ui/format-time.ts';

/** A canonical bound as the analyst would type it. */
function editable(bound: string): string {
  if (bound === 'now') return 'now';
  if (/^\d+[smhdw]$/.test(bound)) return `now-${bound}`;
  return formatInstant(bound, 's');
}

export function TimeRangePicker(): JSX.Element {
  const range = useLogViewer((s) => s.range);
  const setRange = useLogViewer((s) => s.setRange);
  const [custom, setCustom] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const preset = presetOf(range);
  const zone = zoneLabel();

  const openCustom = (): void => {
    setFrom(editable(range.from));
    setTo(editable(range.to));
    setError(null);
    setCustom((c) => !c);
  };

  const apply = (): void => {
    const checked = checkRange(from, to, Date.now(), timeDisplay());
    if ('error' in checked) return setError(checked.error);
    setError(null);
    setCustom(false);
    void setRange(checked.range);
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
            aria-pressed={preset === p.id}
            title={`Last ${p.label}`}
            onClick={() => {
              setCustom(false);
              void setRange(presetRange(p.id));
            }}
          >
            {p.label}
          </button>
        ))}
        <button type="button" className="btn btn-sm" data-testid="lv-range-custom" aria-pressed={preset === null} aria-expanded={custom} onClick={openCustom}>
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
          {[
            { label: 'From', id: 'from', value: from, placeholder: 'now-2h', set: setFrom },
            { label: 'To', id: 'to', value: to, placeholder: 'now', set: setTo },
          ].map((f) => (
            <label key={f.id}>
              {f.label}
              <input
                type="text"
                className="mono"
                data-testid={`lv-range-${f.id}`}
                value={f.value}
                placeholder={f.placeholder}
                aria-describedby="lv-range-help"
                onChange={(e) => f.set(e.target.value)}
              />
            </label>
          ))}
          <button type="submit" className="btn btn-sm btn-primary" data-testid="lv-range-apply">
            Apply
          </button>
          <span className="lv-range-help faint" id="lv-range-help">
            now, 2h or -30m back, or 2026-04-17 10:00 ({zone})
          </span>
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
