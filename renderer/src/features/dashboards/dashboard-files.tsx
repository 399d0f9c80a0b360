/**
 * Export a dashboard to a JSON file and import one. A file that is not JSON is refused here with
 * the parser's line; anything else goes to the engine, whose schema check names the bad part
 * (`details.field`, e.g. `dashboard.panels[2].kind`); the message stays beside the import control
 * until the next attempt.
 */
import { useRef, useState } from 'react';
import type { JSX } from 'react';
import type { Dashboard, DashboardExport } from '../../../../shared/types.ts';
import { ClientError } from '../../client.ts';
import { errorMessage } from '../../stores/load-state.ts';
import { downloadBlob } from '../log-viewer/log-viewer-export.ts';
import { dashboardsStore } from './dashboards-store.ts';

/** File name for an exported dashboard: its name, made safe for any file system. */
export function exportFileName(name: string): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'dashboard';
  return `${base}.dashboard.json`;
}

/** The message for a failed import: the engine's, with the field it names. */
function importErrorText(err: unknown): string {
  if (err instanceof ClientError) {
    const field = (err.details as { field?: unknown } | undefined)?.field;
    return typeof field === 'string' && !err.message.includes(field) ? `${err.message} (${field})` : err.message;
  }
  return errorMessage(err);
}

/**
 * Importing next to the dashboard it was exported from is the usual case (a copy to change, a file
 * from a colleague with the same name): names are unique, so the copy gets "Name (2)", "(3)" …
 */
export function importName(name: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(name.toLowerCase())) return name;
  let n = 2;
  while (lower.has(`${name} (${n})`.toLowerCase())) n++;
  return `${name} (${n})`;
}

export async function exportDashboard(d: Dashboard): Promise<void> {
  const file = await dashboardsStore.getState().exportFile(d.id);
  downloadBlob(new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' }), exportFileName(d.name));
}

export function ImportControl({ onImported }: { onImported(d: Dashboard): void }): JSX.Element {
  const inputRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (picked: File): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await picked.text());
      } catch (err) {
        throw new Error(`${picked.name} is not a JSON file: ${(err as Error).message}`);
      }
      const file = parsed as DashboardExport;
      const name = typeof file?.dashboard?.name === 'string' ? file.dashboard.name : null;
      const taken = dashboardsStore.getState().list.map((d) => d.name);
      onImported(await dashboardsStore.getState().importFile(name ? { ...file, name: importName(name, taken) } : file));
    } catch (err) {
      setError(`Import failed: ${importErrorText(err)}`);
    } finally {
      setBusy(false);
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  return (
    <div className="db-import">
      <input
        ref={inputRef}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="db-import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void load(f);
        }}
      />
      <button type="button" className="btn btn-sm" data-testid="db-import" disabled={busy} onClick={() => inputRef.current?.click()}>
        Import dashboard
      </button>
      {error && (
        <div className="db-import-error" role="alert" data-testid="db-import-error">
          {error}
        </div>
      )}
    </div>
  );
}
