/**
 * Settings → Log sources. Sub-routes: '' list, 'new' form, '<id>' detail, '<id>/edit' form.
 * Sources and platforms load once per visit; the detail refetches its source so Last Used is fresh.
 */
import { useEffect } from 'react';
import type { JSX } from 'react';
import type { LogSource } from '../../../../shared/types.ts';
import { getClient } from '../../app-client.ts';
import { hrefFor, navigate } from '../../router.ts';
import { appStore } from '../../stores/app-store.ts';
import { platformsStore, usePlatforms } from '../../stores/platforms-store.ts';
import { sourcesStore, useSources } from '../../stores/sources-store.ts';
import { EmptyState, ErrorState, LoadingState, listPlaceholder } from '../../ui/states.tsx';
import { isPullType } from './credential-fields.ts';
import { SourceDetail } from './source-detail.tsx';
import { SourceForm } from './source-form.tsx';
import { SourcesList } from './sources-list.tsx';
import './sources.css';
import { ScreenFrame } from '../../ui/screen-frame.tsx';

const LAST_USED_REFRESH_MS = 5000;

export function SourcesScreen({ rest }: { rest: string }): JSX.Element {
  const [first, second] = rest.split('/');
  useEffect(() => {
    void sourcesStore.getState().load();
    void platformsStore.getState().load();
  }, []);
  if (first === 'new') return <NewSource />;
  if (first && second === 'edit') return <EditSource id={first} />;
  if (first) return <SourceDetailRoute id={first} />;
  return <SourcesIndex />;
}

function SourcesIndex(): JSX.Element {
  const { items, status, error } = useSources((s) => s);
  const platforms = usePlatforms((s) => s.items);
  const newButton = (
    <button type="button" className="btn btn-primary" onClick={() => navigate('settings/sources/new')} data-testid="new-source">
      New Log Source
    </button>
  );
  // Only Watchpost's own built-in source: still "no log sources yet", with that one listed below.
  const empty = (
    <>
      <EmptyState title="No log sources yet" action={newButton}>
        A log source is one external system that sends events: an application, a firewall, an agent. Create one, then generate its ingest key.
      </EmptyState>
      {items.length > 0 && (
        <div className="section-gap">
          <SourcesList sources={items} platforms={platforms} />
        </div>
      )}
    </>
  );
  const body =
    listPlaceholder({ status, error, count: items.length, what: 'log sources', retry: () => sourcesStore.getState().load() }, empty) ??
    (items.some((s) => !s.builtIn) ? <SourcesList sources={items} platforms={platforms} /> : empty);
  return (
    <ScreenFrame className="screen" titleId="sources-title" testId="sources-screen" crumbs="Settings" title="Log sources" actions={newButton}>
      {body}
    </ScreenFrame>
  );
}

function NewSource(): JSX.Element {
  return (
    <ScreenFrame
      className="screen"
      titleId="new-source-title"
      crumbs={
        <>
          <a href={hrefFor('settings/sources')}>Log sources</a> / New
        </>
      }
      title="New Log Source"
    >
      <div className="panel form-panel">
        <SourceForm
          onCancel={() => navigate('settings/sources')}
          onSubmit={async (input) => {
            const created = await sourcesStore.getState().create(input);
            const next = isPullType(created.type) ? 'The first poll starts now.' : 'Generate its ingest key next.';
            appStore.getState().toast('success', `Log source "${created.name}" created. ${next}`);
            navigate(`settings/sources/${created.id}`);
          }}
        />
      </div>
    </ScreenFrame>
  );
}

/** Fetch the one source (fresh Last Used / key fields), falling back to the list's copy meanwhile. */
function useSource(id: string): { source: LogSource | undefined; error: string | null; missing: boolean } {
  const source = useSources((s) => findSource(s.items, id));
  const listStatus = useSources((s) => s.status);
  const error = useSources((s) => s.error);
  useEffect(() => {
    sourcesStore
      .getState()
      .refreshOne(id)
      .catch(() => undefined);
    // Keep "Last Used" current while events arrive for this source (at most one refetch per interval).
    let last = 0;
    return getClient().subscribe('events', (e) => {
      if (!e.sourceIds.includes(id) || Date.now() - last < LAST_USED_REFRESH_MS) return;
      last = Date.now();
      sourcesStore
        .getState()
        .refreshOne(id)
        .catch(() => undefined);
    });
  }, [id]);
  return { source, error: listStatus === 'error' ? error : null, missing: listStatus === 'ready' && !source };
}

function findSource(items: LogSource[], id: string): LogSource | undefined {
  return items.find((s) => s.id === id);
}

function SourceDetailRoute({ id }: { id: string }): JSX.Element {
  const { source, error, missing } = useSource(id);
  if (source) return <SourceDetail source={source} />;
  return <Missing error={error} missing={missing} />;
}

function EditSource({ id }: { id: string }): JSX.Element {
  const { source, error, missing } = useSource(id);
  if (!source) return <Missing error={error} missing={missing} />;
  return (
    <ScreenFrame
      className="screen"
      titleId="edit-source-title"
      crumbs={
        <>
          <a href={hrefFor('settings/sources')}>Log sources</a> / <a href={hrefFor(`settings/sources/${id}`)}>{source.name}</a> / Edit
        </>
      }
      title={<>Edit {source.name}</>}
    >
      <div className="panel form-panel">
        <SourceForm
          source={source}
          onCancel={() => navigate(`settings/sources/${id}`)}
          onSubmit={async (input) => {
            const saved = await sourcesStore.getState().update(id, input);
            appStore.getState().toast('success', `Saved "${saved.name}".`);
            navigate(`settings/sources/${id}`);
          }}
        />
      </div>
    </ScreenFrame>
  );
}

function Missing({ error, missing }: { error: string | null; missing: boolean }): JSX.Element {
  return (
    <section className="screen">
      <div className="breadcrumb">
        <a href={hrefFor('settings/sources')}>Log sources</a>
      </div>
      {error ? (
        <ErrorState title="Could not load the log source" message={error} onRetry={() => void sourcesStore.getState().load()} />
      ) : missing ? (
        <EmptyState title="Log source not found" action={<a href={hrefFor('settings/sources')}>Back to Log sources</a>}>
          It may have been deleted.
        </EmptyState>
      ) : (
        <LoadingState label="Loading log source…" />
      )}
    </section>
  );
}
