/**
 * Log Viewer screen (SPEC §4/§5). Minimal first cut; grows into query bar,
 * histogram, virtualized grid, fields sidebar, detail pane, live tail, export.
 *
 * Stable test ids:
 *   log-viewer            root section
 */
import type { JSX } from 'react';

export function LogViewer(): JSX.Element {
  return (
    <section data-testid="log-viewer" aria-label="Log Viewer" className="log-viewer">
      <h1>Log Viewer</h1>
    </section>
  );
}
