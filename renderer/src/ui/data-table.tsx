/** The header row every list table shares, written once so the tables stay alike (scope="col" for screen readers, "num" right-aligns counts). */
import type { JSX, ReactNode } from 'react';

/** A header cell: plain text, or content with an optional class and tooltip. */
export type HeadColumn = string | { label: ReactNode; className?: string; title?: string };

/** A right-aligned count column (class "num"), with an optional tooltip saying what is counted. */
export function numCol(label: string, title?: string): HeadColumn {
  return { label, className: 'num', title };
}

/** A column whose header only screen readers read (the row-actions column). */
export function srOnlyCol(label: string): HeadColumn {
  return { label: <span className="sr-only">{label}</span> };
}

/** `<thead>` with one row of `<th scope="col">`, one per column, in order. */
export function DataTableHead({ columns }: { columns: HeadColumn[] }): JSX.Element {
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          typeof c === 'string' ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={i} scope="col" className={c.className} title={c.title}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
