/**
 * One grid column header with a resize handle on its right edge: drag it, or focus it and press
 * ←/→ (16 px a step; Shift for 64). Widths are kept per column in localStorage.
 */
import { useRef } from 'react';
import type { CSSProperties, JSX } from 'react';
import { useLogViewer } from './log-viewer-store.ts';
import { Icon } from '../../ui/icons.tsx';

const STEP = 16;

interface ColumnHeaderProps {
  columnKey: string;
  label: string;
  /** The column's chosen width (what resizing starts from). */
  width: number;
  style: CSSProperties;
  custom?: boolean;
}

export function ColumnHeader({ columnKey, label, width, style, custom = false }: ColumnHeaderProps): JSX.Element {
  const setWidth = useLogViewer((s) => s.setWidth);
  const sort = useLogViewer((s) => s.sort);
  const setSort = useLogViewer((s) => s.setSort);
  const drag = useRef<{ x: number; w: number } | null>(null);
  const isTime = columnKey === 'time';
  return (
    <div
      role="columnheader"
      className={`lv-cell lv-c-${custom ? 'custom' : columnKey}`}
      data-testid={`lv-col-${columnKey}`}
      title={custom ? columnKey : undefined}
      style={style}
      aria-sort={isTime ? (sort === 'oldest' ? 'ascending' : 'descending') : undefined}
    >
      {isTime ? (
        <button
          type="button"
          className="lv-col-sort"
          data-testid="lv-sort-time"
          title={sort === 'oldest' ? 'Oldest first; click for newest first' : 'Newest first; click for oldest first'}
          onClick={(e) => {
            e.stopPropagation();
            void setSort(sort === 'oldest' ? 'newest' : 'oldest');
          }}
        >
          <span className="lv-col-label">{label}</span>
          <Icon name={sort === 'oldest' ? 'sort-up' : 'sort-down'} size={12} />
        </button>
      ) : (
        <span className="lv-col-label">{label}</span>
      )}
      <span
        className="lv-col-resize"
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize column ${label}`}
        aria-valuenow={width}
        aria-valuemin={48}
        aria-valuemax={1200}
        tabIndex={0}
        data-testid={`lv-resize-${columnKey}`}
        onClick={(e) => e.stopPropagation()}
        onPointerDown={(e) => {
          e.preventDefault();
          e.stopPropagation();
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, w: width };
        }}
        onPointerMove={(e) => {
          if (drag.current) setWidth(columnKey, drag.current.w + e.clientX - drag.current.x);
        }}
        onPointerUp={() => {
          drag.current = null;
        }}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
          e.preventDefault();
          e.stopPropagation();
          const step = (e.shiftKey ? STEP * 4 : STEP) * (e.key === 'ArrowLeft' ? -1 : 1);
          setWidth(columnKey, width + step);
        }}
      />
    </div>
  );
}
