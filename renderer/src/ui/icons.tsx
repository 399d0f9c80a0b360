/**
 * Inline SVG icons. Text glyphs such as "＋" (U+FF0B) show as empty boxes on systems without a
 * CJK font, so every icon is drawn; they take `currentColor` and are hidden from screen readers
 * (the button carries the name).
 */
import type { JSX } from 'react';

export type IconName =
  | 'filter-in'
  | 'filter-out'
  | 'column'
  | 'clock'
  | 'link'
  | 'close'
  | 'menu'
  | 'sort-down'
  | 'sort-up'
  | 'logs'
  | 'bell'
  | 'pulse'
  | 'plug'
  | 'layers'
  | 'rule'
  | 'send'
  | 'collapse'
  | 'expand'
  | 'sun'
  | 'moon'
  | 'dashboard';

const PATHS: Record<IconName, JSX.Element> = {
  'filter-in': (
    <>
      <circle cx="7" cy="7" r="4.5" />
      <path d="M10.5 10.5 14 14M5 7h4M7 5v4" />
    </>
  ),
  'filter-out': (
    <>
      <circle cx="7" cy="7" r="4.5" />
      <path d="M10.5 10.5 14 14M5 7h4" />
    </>
  ),
  column: (
    <>
      <rect x="2" y="3" width="8" height="10" rx="1" />
      <path d="M6 3v10M13 6v4M11 8h4" />
    </>
  ),
  clock: (
    <>
      <circle cx="8" cy="8" r="5.5" />
      <path d="M8 5v3l2 1.5" />
    </>
  ),
  link: <path d="M6.5 9.5 9.5 6.5M7 4.5l1-1a2.5 2.5 0 0 1 3.5 3.5l-1 1M9 11.5l-1 1A2.5 2.5 0 0 1 4.5 9l1-1" />,
  close: <path d="M4 4l8 8M12 4l-8 8" />,
  menu: <path d="M3 4.5h10M3 8h10M3 11.5h10" />,
  'sort-down': <path d="M8 3v10M4.5 9.5 8 13l3.5-3.5" />,
  'sort-up': <path d="M8 13V3M4.5 6.5 8 3l3.5 3.5" />,
  logs: <path d="M3 4h10M3 7h10M3 10h7M3 13h5" />,
  bell: <path d="M4 11V7.5a4 4 0 0 1 8 0V11l1 1.5H3L4 11zM6.5 14a1.5 1.5 0 0 0 3 0" />,
  pulse: <path d="M2 8.5h3l1.5-4 3 7 1.5-3H14" />,
  plug: <path d="M6 2v3M10 2v3M4 5h8v3a4 4 0 0 1-8 0V5zM8 12v2" />,
  layers: <path d="M8 2 2 5l6 3 6-3-6-3zM2 8l6 3 6-3M2 11l6 3 6-3" />,
  rule: <path d="M8 2 3 4v4c0 3 2.2 5.4 5 6 2.8-.6 5-3 5-6V4L8 2zM6 8l1.5 1.5L10.5 6.5" />,
  send: <path d="M2.5 8 14 2.5 10.5 14 8 9 2.5 8zM8 9l6-6.5" />,
  collapse: <path d="M10 4 6 8l4 4" />,
  expand: <path d="M6 4l4 4-4 4" />,
  sun: (
    <>
      <circle cx="8" cy="8" r="3" />
      <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
    </>
  ),
  dashboard: <path d="M2.5 2.5h5v6h-5zM9.5 2.5h4v3.5h-4zM9.5 8h4v5.5h-4zM2.5 10.5h5v3h-5z" />,
  moon: <path d="M13 9.5A5.5 5.5 0 1 1 6.5 3a4.5 4.5 0 0 0 6.5 6.5z" />,
};

export function Icon({ name, size = 14 }: { name: IconName; size?: number }): JSX.Element {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {PATHS[name]}
    </svg>
  );
}
