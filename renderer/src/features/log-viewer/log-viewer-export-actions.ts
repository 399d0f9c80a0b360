/**
 * Export actions of the Log Viewer store: run the current query (as last submitted, over the
 * pinned range the grid shows) through `runExport`, publish progress, hand the Blob to `download`.
 */
import type { WatchpostClient } from '../../client.ts';
import { errorMessage } from '../../stores/load-state.ts';
import { exportFileName, runExport } from './log-viewer-export.ts';
import type { ExportControl, ExportFormat } from './log-viewer-export.ts';
import type { LogViewerGet, LogViewerSet } from './log-viewer-store.ts';

export interface ExportState {
  format: ExportFormat;
  status: 'running' | 'done' | 'cancelled' | 'error';
  /** Events written so far. */
  count: number;
  /** Events expected (histogram total), null when unknown. */
  total: number | null;
  fileName: string | null;
  error: string | null;
}

export interface ExportDeps {
  get: LogViewerGet;
  set: LogViewerSet;
  client: () => WatchpostClient;
  now: () => number;
  download: ((blob: Blob, fileName: string) => void) | undefined;
}

export function createExportActions(d: ExportDeps): { start(format: ExportFormat): Promise<void>; cancel(): void; dismiss(): void } {
  let control: ExportControl | null = null;
  const patch = (p: Partial<ExportState>): void => {
    const cur = d.get().export;
    if (cur) d.set({ export: { ...cur, ...p } });
  };
  return {
    async start(format) {
      const s = d.get();
      if (!s.pinned || s.export?.status === 'running') return;
      const mine: ExportControl = { cancelled: false };
      control = mine;
      d.set({ export: { format, status: 'running', count: 0, total: s.total, fileName: null, error: null } });
      try {
        const out = await runExport(d.client(), { q: s.query, from: s.pinned.from, to: s.pinned.to, format, customColumns: [...s.columns] }, mine, (count) => {
          if (control === mine) patch({ count });
        });
        if (control !== mine) return;
        if (out.status === 'cancelled') {
          patch({ status: 'cancelled', count: out.count });
          return;
        }
        const fileName = exportFileName(format, d.now());
        d.download?.(out.blob, fileName);
        patch({ status: 'done', count: out.count, fileName });
      } catch (err) {
        if (control === mine) patch({ status: 'error', error: errorMessage(err) });
      } finally {
        if (control === mine) control = null;
      }
    },
    cancel() {
      if (control) control.cancelled = true;
      control = null;
      patch({ status: 'cancelled' });
    },
    dismiss() {
      if (d.get().export?.status !== 'running') d.set({ export: null });
    },
  };
}
