/**
 * The icon buttons beside a detail value: filter in, filter out, and (raw paths) add or remove as
 * a grid column. SVG icons, named for screen readers; test ids lv-filter-value, lv-filter-out,
 * lv-add-column with data-field.
 */
import type { JSX } from 'react';
import { Icon } from '../../ui/icons.tsx';
import { isRawPath } from './log-viewer-columns.ts';
import { useLogViewer } from './log-viewer-store.ts';

export function ValueActions({ field, value }: { field: string; value: string }): JSX.Element {
  const filterOn = useLogViewer((s) => s.filterOn);
  const toggleColumn = useLogViewer((s) => s.toggleColumn);
  const isColumn = useLogViewer((s) => s.columns.includes(field));
  return (
    <span className="lv-filter-actions">
      <button
        type="button"
        className="lv-filter-btn"
        data-testid="lv-filter-value"
        data-field={field}
        title={`Filter in ${field} = ${value}`}
        aria-label={`Filter in ${field} = ${value}`}
        onClick={() => void filterOn(field, value, false)}
      >
        <Icon name="filter-in" />
      </button>
      <button
        type="button"
        className="lv-filter-btn"
        data-testid="lv-filter-out"
        data-field={field}
        title={`Filter out ${field} = ${value}`}
        aria-label={`Filter out ${field} = ${value}`}
        onClick={() => void filterOn(field, value, true)}
      >
        <Icon name="filter-out" />
      </button>
      {isRawPath(field) && (
        <button
          type="button"
          className="lv-filter-btn"
          data-testid="lv-add-column"
          data-field={field}
          aria-pressed={isColumn}
          title={isColumn ? `Remove column ${field}` : `Add column ${field}`}
          aria-label={isColumn ? `Remove column ${field}` : `Add column ${field}`}
          onClick={() => toggleColumn(field)}
        >
          <Icon name="column" />
        </button>
      )}
    </span>
  );
}
