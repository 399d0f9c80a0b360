/**
 * Time presets (15 m, 1 h, 24 h, 7 d) and a custom range. Custom bounds take what the API takes:
 * `now`, an amount back (`2h`, `-2h`, `now-2h`), or a time (in the display zone unless it names
 * one). Choosing a range runs the search. Shared by the Log Viewer and the dashboards' filters bar
 * (`testIds` prefixes the test ids: `lv` there, `db` on dashboards).
 */
import { useState } from 'react';
import type { JSX } from 'react';
import { checkRange, describeRange, presetOf, presetRange, TIME_PRESETS } from './log-viewer-time.ts';
import type { TimeRange } from './log-viewer-time.ts';
import { formatInstant, timeDisplay, zoneLabel } from '../../ui/format-time.ts';

/** A canonical bound as the analyst would type it. */
function editable(bound: string): string {
  if (bound === 'now') return 'now';
  if (/^\d+[smhdw]$/.test(bound)) return `now-${bound}`;
  return formatInstant(bound, 's');
}

interface TimeRangePickerProps {
  range: TimeRange;
  onChange(range: TimeRange): void;
  testIds?: string;
}

export function TimeRangePicker({ range, onChange: setRange, testIds = 'lv' }: TimeRangePickerProps): JSX.Element {
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
    setRange(checked.range);
  };

  return (
    <div className="lv-range">
      <div className="lv-segmented" role="group" aria-label="Time range">
        {TIME_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="btn btn-sm"
            data-testid={`${testIds}-range-${p.id}`}
            aria-pressed={preset === p.id}
            title={`Last ${p.label}`}
            onClick={() => {
              setCustom(false);
              setRange(presetRange(p.id));
            }}
          >
            {p.label}
          </button>
        ))}
        <button
          type="button"
          className="btn btn-sm"
          data-testid={`${testIds}-range-custom`}
          aria-pressed={preset === null}
          aria-expanded={custom}
          onClick={openCustom}
        >
          Custom
        </button>
      </div>
      <span className="lv-range-label muted" data-testid={`${testIds}-range-label`}>
        {describeRange(range)}
      </span>
      {custom && (
        <form
          className="lv-range-custom"
          data-testid={`${testIds}-range-custom-form`}
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
                data-testid={`${testIds}-range-${f.id}`}
                value={f.value}
                placeholder={f.placeholder}
                aria-describedby={`${testIds}-range-help`}
                onChange={(e) => f.set(e.target.value)}
              />
            </label>
          ))}
          <button type="submit" className="btn btn-sm btn-primary" data-testid={`${testIds}-range-apply`}>
            Apply
          </button>
          <span className="lv-range-help faint" id={`${testIds}-range-help`}>
            now, 2h or -30m back, or 2026-04-17 10:00 ({zone})
          </span>
          {error && (
            <span className="lv-range-error" role="alert" data-testid={`${testIds}-range-error`}>
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
