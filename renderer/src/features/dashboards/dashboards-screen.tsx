/**
 * Dashboards (issue 14): `#/dashboards/<id>?platform=…&source=…&from=…&to=…`. The built-in
 * Overview first, then the user's dashboards, in a side list; the dashboard's filters bar and its
 * panels in a 12-column grid. User dashboards are edited in place ("Edit panels"); the Overview is
 * read-only ("Duplicate to edit"). Panels refresh live as events arrive (dashboard-live.ts).
 *
 * Test ids: dashboards-screen, db-list, db-list-item (data-id), db-new (db-new-dialog, db-new-name, db-new-confirm), db-import, db-import-file,
 * db-import-error, db-title, db-edit, db-add-panel, db-rename (db-rename-dialog), db-undo, db-duplicate, db-export, db-delete,
 * db-filters (db-filter-platform, db-filter-source, db-range-*, db-zoom-out, db-refresh, db-live),
 * db-grid, db-panel (data-panel-id, data-kind) with db-panel-open / -loading / -empty / -error and
 * the kind's own ids (panel-bodies.tsx, timeseries-chart.tsx), db-panel-editor.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { JSX } from 'react';
import { OVERVIEW_DASHBOARD_ID } from '../../../../shared/dashboards.ts';
import type { Dashboard, DashboardFilters, PanelInput } from '../../../../shared/types.ts';
import { hrefFor, navigate } from '../../router.ts';
import { appStore } from '../../stores/app-store.ts';
import { platformsStore } from '../../stores/platforms-store.ts';
import { savedSearchesStore, useSavedSearches } from '../../stores/saved-searches-store.ts';
import { sourcesStore } from '../../stores/sources-store.ts';
import { errorMessage } from '../../stores/load-state.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { NameDialog } from '../../ui/name-dialog.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { absoluteRange, describeRange } from '../log-viewer/log-viewer-time.ts';
import { addPanel, duplicatePanel, movePanel, readingOrder, removePanel, updatePanel } from './dashboard-edit.ts';
import type { EditablePanel } from './dashboard-edit.ts';
import { ImportControl, exportDashboard } from './dashboard-files.tsx';
import { useDashboardLive } from './dashboard-live.ts';
import { dashboardPath, effectiveFilters, parseDashboardView } from './dashboard-url.ts';
import { dashboardsStore, editablePanels, useDashboards } from './dashboards-store.ts';
import { FiltersBar } from './filters-bar.tsx';
import { NewDashboardDialog } from './new-dashboard-dialog.tsx';
import { PanelEditor } from './panel-editor.tsx';
import { PanelView } from './panel-view.tsx';
import './dashboards.css';

function subscribeHash(fn: () => void): () => void {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

/** Route entry for `dashboards` (rest: '' → the Overview, or a dashboard id). */
export function DashboardsScreen({ rest }: { rest: string }): JSX.Element {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  const view = parseDashboardView(rest, hash);

  useEffect(() => {
    void dashboardsStore.getState().loadList();
    void platformsStore.getState().load();
    void sourcesStore.getState().load();
    void savedSearchesStore.getState().load();
  }, []);

  useEffect(() => {
    void dashboardsStore.getState().open(view.id, (d) => effectiveFilters(view, d.filters));
    // The view is fully described by the hash.
  }, [rest, hash]);

  useDashboardLive();

  return (
    <section className="dashboards" aria-labelledby="db-title" data-testid="dashboards-screen">
      <DashboardList currentId={view.id} />
      <div className="db-main">
        <DashboardBody key={view.id} />
      </div>
    </section>
  );
}

function DashboardList({ currentId }: { currentId: string }): JSX.Element {
  const list = useDashboards((s) => s.list);
  const status = useDashboards((s) => s.listStatus);
  const [creating, setCreating] = useState(false);
  return (
    <nav className="db-side" aria-label="Dashboards">
      <div className="db-side-head">
        <span className="db-side-title">Dashboards</span>
        <button type="button" className="btn btn-sm btn-primary" data-testid="db-new" onClick={() => setCreating(true)}>
          New dashboard
        </button>
      </div>
      {status === 'error' && <div className="faint">Could not load the list.</div>}
      <ul className="db-list" data-testid="db-list">
        {list.map((d) => (
          <li key={d.id}>
            <a
              href={hrefFor(dashboardPath(d.id))}
              className="db-list-item"
              data-testid="db-list-item"
              data-id={d.id}
              aria-current={d.id === currentId ? 'page' : undefined}
            >
              {d.name}
              {d.builtIn && <span className="faint"> · built-in</span>}
            </a>
          </li>
        ))}
      </ul>
      <ImportControl
        onImported={(d) => {
          appStore.getState().toast('success', `Dashboard "${d.name}" imported.`);
          navigate(dashboardPath(d.id));
        }}
      />
      {creating && (
        <NewDashboardDialog
          onClose={() => setCreating(false)}
          onCreated={(d) => {
            setCreating(false);
            navigate(`${dashboardPath(d.id)}?edit=1`);
          }}
        />
      )}
    </nav>
  );
}

function DashboardBody(): JSX.Element {
  const current = useDashboards((s) => s.current);
  const status = useDashboards((s) => s.status);
  const error = useDashboards((s) => s.error);
  if (status === 'error') {
    return <ErrorState title="Could not open the dashboard" message={error ?? ''} onRetry={() => navigate(dashboardPath(OVERVIEW_DASHBOARD_ID))} />;
  }
  if (!current) return <LoadingState label="Loading dashboard…" />;
  return <DashboardView dashboard={current} />;
}

function DashboardView({ dashboard }: { dashboard: Dashboard }): JSX.Element {
  const filters = useDashboards((s) => s.filters);
  const resolved = useDashboards((s) => s.resolved);
  const results = useDashboards((s) => s.results);
  const refreshing = useDashboards((s) => s.refreshing);
  const dataError = useDashboards((s) => s.dataError);
  const paused = useDashboards((s) => s.paused);
  const undo = useDashboards((s) => s.undo);
  const savedSearches = useSavedSearches((s) => s.items);
  const [editing, setEditing] = useState(() => /[?&]edit=1\b/.test(window.location.hash));
  const [editor, setEditor] = useState<{ panel: PanelInput | null } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const store = dashboardsStore.getState();
  if (!filters) return <LoadingState label="Loading dashboard…" />;

  const setFilters = (f: DashboardFilters): void => navigate(dashboardPath(dashboard.id, f));
  const zoom = (a: number, b: number): void => setFilters({ ...filters, ...absoluteRange(a, b) });
  const panels = editablePanels(dashboard);
  const edit = (next: EditablePanel[]): void => {
    store.savePanels(next).catch((err: unknown) => appStore.getState().toast('error', `Could not save the dashboard: ${errorMessage(err)}`));
  };
  const run = (what: string, action: () => Promise<void>): void => {
    action().catch((err: unknown) => appStore.getState().toast('error', `${what} failed: ${errorMessage(err)}`));
  };
  const periodLabel = describeRange(filters).replace(/^Last /, '');

  return (
    <>
      <div className="screen-header db-header">
        <div>
          <h1 id="db-title" data-testid="db-title">
            {dashboard.name}
          </h1>
          {dashboard.description && <p className="faint db-description">{dashboard.description}</p>}
        </div>
        <div className="toolbar">
          {!dashboard.builtIn && (
            <button type="button" className="btn btn-sm" data-testid="db-edit" aria-pressed={editing} onClick={() => setEditing((e) => !e)}>
              {editing ? 'Done editing' : 'Edit panels'}
            </button>
          )}
          {editing && (
            <>
              <button type="button" className="btn btn-sm btn-primary" data-testid="db-add-panel" onClick={() => setEditor({ panel: null })}>
                Add panel
              </button>
              <button type="button" className="btn btn-sm" data-testid="db-rename" onClick={() => setRenaming(true)}>
                Rename
              </button>
              <button
                type="button"
                className="btn btn-sm"
                data-testid="db-undo"
                disabled={undo.length === 0}
                onClick={() => run('Undo', () => store.undoLast())}
              >
                Undo
              </button>
            </>
          )}
          <button
            type="button"
            className="btn btn-sm"
            data-testid="db-duplicate"
            onClick={() =>
              run('Duplicate', async () => {
                const copy = await store.duplicate(dashboard.id);
                appStore.getState().toast('success', `Copied to "${copy.name}".`);
                navigate(`${dashboardPath(copy.id)}?edit=1`);
              })
            }
          >
            {dashboard.builtIn ? 'Duplicate to edit' : 'Duplicate'}
          </button>
          <button type="button" className="btn btn-sm" data-testid="db-export" onClick={() => run('Export', () => exportDashboard(dashboard))}>
            Export JSON
          </button>
          {!dashboard.builtIn && (
            <button type="button" className="btn btn-sm btn-danger" data-testid="db-delete" onClick={() => setDeleting(true)}>
              Delete
            </button>
          )}
        </div>
      </div>
      <FiltersBar
        filters={filters}
        resolved={resolved}
        onChange={setFilters}
        paused={paused}
        onPause={(p) => store.setPaused(p)}
        refreshing={refreshing}
        onRefresh={() => void store.refresh()}
      />
      {dataError && (
        <div className="db-data-error" role="alert" data-testid="db-data-error">
          Could not update the panels: {dataError}
        </div>
      )}
      {panels.length === 0 ? (
        <div className="state" data-testid="db-no-panels">
          <h2>No panels yet</h2>
          <p>Add a panel: a count over time, the top values of a field, a single number or the newest events.</p>
          {!dashboard.builtIn && (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="db-add-first"
              onClick={() => {
                setEditing(true);
                setEditor({ panel: null });
              }}
            >
              Add panel
            </button>
          )}
        </div>
      ) : (
        <div className="db-grid" data-testid="db-grid">
          {readingOrder(dashboard.panels).map((p) => (
            <PanelView
              key={p.id}
              panel={p}
              result={results[p.id]}
              periodLabel={periodLabel}
              onZoom={zoom}
              onRetry={() => void store.refresh({ panelId: p.id })}
              editing={
                editing
                  ? {
                      edit: () => setEditor({ panel: p }),
                      duplicate: () => edit(duplicatePanel(panels, p.id)),
                      remove: () => edit(removePanel(panels, p.id)),
                      move: (dir) => edit(movePanel(panels, p.id, dir)),
                    }
                  : null
              }
            />
          ))}
        </div>
      )}
      {editor && (
        <PanelEditor
          initial={editor.panel}
          filters={filters}
          savedSearches={savedSearches}
          onClose={() => setEditor(null)}
          onSave={async (panel) => {
            await store.savePanels(panel.id ? updatePanel(panels, panel.id, panel) : addPanel(panels, panel));
            setEditor(null);
          }}
        />
      )}
      {renaming && (
        <NameDialog
          title="Rename dashboard"
          confirmLabel="Rename"
          testId="db-rename"
          initialName={dashboard.name}
          onClose={() => setRenaming(false)}
          onSave={async (name) => {
            await store.rename(name, dashboard.description);
            setRenaming(false);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete "${dashboard.name}"?`}
          confirmLabel="Delete dashboard"
          danger
          onCancel={() => setDeleting(false)}
          onConfirm={async () => {
            try {
              await store.remove(dashboard.id);
              appStore.getState().toast('success', `Dashboard "${dashboard.name}" deleted.`);
              navigate(dashboardPath(OVERVIEW_DASHBOARD_ID));
            } catch (err) {
              setDeleting(false);
              appStore.getState().toast('error', `Could not delete the dashboard: ${errorMessage(err)}`);
            }
          }}
        >
          Its panels go with it. Saved searches it uses are kept. Export it first to keep a copy.
        </ConfirmDialog>
      )}
    </>
  );
}
