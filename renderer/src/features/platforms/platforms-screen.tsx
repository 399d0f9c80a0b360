/**
 * Settings → Platforms: groups of log sources (seed 000 "Platform Management"). Rules scoped to a
 * platform cover every linked source; deleting a platform unlinks its sources (they are kept).
 */
import { useEffect, useState } from 'react';
import type { JSX } from 'react';
import type { Platform } from '../../../../shared/types.ts';
import { hrefFor } from '../../router.ts';
import { appStore } from '../../stores/app-store.ts';
import { platformsStore, usePlatforms } from '../../stores/platforms-store.ts';
import { sourcesStore, useSources } from '../../stores/sources-store.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { formatDateTime } from '../../ui/format-time.ts';
import { EmptyState, listPlaceholder } from '../../ui/states.tsx';
import { toastError } from '../../ui/toast-area.tsx';
import { PlatformDialog } from './platform-dialog.tsx';
import { DataTableHead, srOnlyCol } from '../../ui/data-table.tsx';

type Editing = { mode: 'new' } | { mode: 'edit'; platform: Platform } | null;

export function PlatformsScreen(): JSX.Element {
  const { items, status, error } = usePlatforms((s) => s);
  const sources = useSources((s) => s.items);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Platform | null>(null);

  useEffect(() => {
    void platformsStore.getState().load();
    void sourcesStore.getState().load();
  }, []);

  const linked = (id: string): string[] => sources.filter((s) => s.platformId === id).map((s) => s.name);
  const newButton = (
    <button type="button" className="btn btn-primary" onClick={() => setEditing({ mode: 'new' })} data-testid="new-platform">
      New platform
    </button>
  );

  const placeholder = listPlaceholder(
    { status, error, count: items.length, what: 'platforms', retry: () => platformsStore.getState().load() },
    <EmptyState title="No platforms yet" action={newButton}>
      Platforms group related sources (Production, Staging, a service tier). Rules scoped to a platform apply to every source linked to it, including ones added
      later.
    </EmptyState>,
  );
  let body: JSX.Element;
  if (placeholder) body = placeholder;
  else
    body = (
      <div className="table-wrap">
        <table className="data" data-testid="platforms-table">
          <DataTableHead columns={['Name', 'Description', 'Linked sources', 'Created', srOnlyCol('Actions')]} />
          <tbody>
            {items.map((p) => {
              const names = linked(p.id);
              return (
                <tr key={p.id} data-testid="platform-row" data-platform-id={p.id}>
                  <td>
                    <strong>{p.name}</strong>
                  </td>
                  <td className="muted">{p.description || '—'}</td>
                  <td title={names.join(', ') || undefined}>{names.length}</td>
                  <td>{formatDateTime(p.createdAt)}</td>
                  <td>
                    <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
                      <button type="button" className="btn btn-sm" onClick={() => setEditing({ mode: 'edit', platform: p })} aria-label={`Rename ${p.name}`}>
                        Rename
                      </button>
                      <button type="button" className="btn btn-sm btn-danger" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );

  const deletingLinks = deleting ? linked(deleting.id) : [];
  return (
    <section className="screen" aria-labelledby="platforms-title" data-testid="platforms-screen">
      <div className="breadcrumb">Settings</div>
      <div className="screen-header">
        <h1 id="platforms-title">Platforms</h1>
        <div className="toolbar">{newButton}</div>
      </div>
      <p className="muted">
        Link a source to a platform from its <a href={hrefFor('settings/sources')}>Log sources</a> record. Source Health can be filtered and grouped by
        platform.
      </p>
      {body}
      {editing && (
        <PlatformDialog
          platform={editing.mode === 'edit' ? editing.platform : undefined}
          onClose={() => setEditing(null)}
          onSubmit={async (input) => {
            if (editing.mode === 'edit') {
              await platformsStore.getState().update(editing.platform.id, input);
              appStore.getState().toast('success', `Platform saved as "${input.name}".`);
            } else {
              await platformsStore.getState().create(input);
              appStore.getState().toast('success', `Platform "${input.name}" created.`);
            }
            setEditing(null);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete platform ${deleting.name}?`}
          confirmLabel="Delete platform"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={async () => {
            try {
              await platformsStore.getState().remove(deleting.id);
              appStore.getState().toast('success', `Platform "${deleting.name}" deleted.`);
              await sourcesStore.getState().load();
            } catch (err) {
              toastError('Could not delete the platform', err);
            } finally {
              setDeleting(null);
            }
          }}
        >
          <p data-testid="unlink-warning">
            {deletingLinks.length === 0
              ? 'Sources linked to it get unlinked; none are linked now.'
              : `Sources linked to it get unlinked: ${deletingLinks.join(', ')}. The sources and their events are kept.`}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
