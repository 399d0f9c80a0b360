/**
 * Log source detail (seed 000): toolbar with key actions, then "Source Information", "Status" and
 * "How to send events". Rotate, revoke and delete ask for confirmation first.
 */
import { useState } from 'react';
import type { JSX, ReactNode } from 'react';
import { SOURCE_TYPE_LABELS } from '../../../../shared/enums.ts';
import type { LogSource } from '../../../../shared/types.ts';
import { hrefFor, navigate } from '../../router.ts';
import { appStore } from '../../stores/app-store.ts';
import { platformName, usePlatforms } from '../../stores/platforms-store.ts';
import { sourcesStore } from '../../stores/sources-store.ts';
import { ActiveBadge } from '../../ui/status-badge.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { formatDateTime, relativeTime } from '../../ui/format-time.ts';
import { toastError } from '../../ui/toast-area.tsx';
import { isPullType } from './credential-fields.ts';
import { HowToSend } from './how-to-send.tsx';
import { IngestTlsPanel } from './ingest-tls-panel.tsx';
import { PullStatusPanel } from './pull-status-panel.tsx';
import { ShipperSnippets } from './shipper-snippets-panel.tsx';
import { KeyPopout } from './key-popout.tsx';
import { SourceToolbar } from './source-toolbar.tsx';
import { namedOptions, Select } from '../../ui/select.tsx';

type Pending = 'rotate' | 'revoke' | 'delete' | null;

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }): JSX.Element {
  return (
    <div className="detail-field" data-testid={testId}>
      <div className="detail-label">{label}</div>
      <div className="detail-value">{children}</div>
    </div>
  );
}

export function SourceDetail({ source }: { source: LogSource }): JSX.Element {
  const platforms = usePlatforms((s) => s.items);
  const [pending, setPending] = useState<Pending>(null);
  const store = sourcesStore.getState();
  const toast = appStore.getState().toast;

  async function run(action: () => Promise<unknown>, failure: string, success?: string): Promise<void> {
    try {
      await action();
      if (success) toast('success', success);
    } catch (err) {
      toastError(failure, err);
    } finally {
      setPending(null);
    }
  }

  async function changePlatform(platformId: string): Promise<void> {
    await run(() => store.update(source.id, { platformId: platformId || null }), 'Could not change the platform', 'Platform updated.');
  }

  return (
    <section className="screen source-detail" aria-labelledby="source-title" data-testid="source-detail">
      <div className="breadcrumb">
        <a href={hrefFor('settings/sources')}>Log sources</a> / {source.name}
      </div>
      <div className="screen-header">
        <h1 id="source-title">{source.name}</h1>
        <ActiveBadge active={source.active} />
        <SourceToolbar
          source={source}
          onGenerate={() => void run(() => store.generateKey(source.id), 'Could not generate the key')}
          onRotate={() => setPending('rotate')}
          onRevoke={() => setPending('revoke')}
          onDelete={() => setPending('delete')}
        />
      </div>
      <div className="detail-grid">
        <div className="panel">
          <h2>Source Information</h2>
          <Item label="Source ID" testId="source-id">
            <code>{source.id}</code>
          </Item>
          <Item label="Source Name">{source.name}</Item>
          <Item label="Source Type">{SOURCE_TYPE_LABELS[source.type]}</Item>
          <Item label="Active">{source.active ? 'Yes' : 'No'}</Item>
          <Item label="Rate Limit">{source.rateLimit.toLocaleString('en-US')} events/s</Item>
          <div className="detail-field">
            <label className="detail-label" htmlFor="detail-platform">
              Platform
            </label>
            <Select
              id="detail-platform"
              value={source.platformId ?? ''}
              onValue={(id) => void changePlatform(id)}
              empty="None"
              options={namedOptions(platforms)}
              disabled={source.builtIn}
            />
          </div>
          <Item label="Expected heartbeat (mins)">{source.heartbeatMinutes === 0 ? '0 (monitoring off)' : source.heartbeatMinutes}</Item>
          {source.listenPort !== null && <Item label="Listener port">{source.listenPort}</Item>}
          {isPullType(source.type) && <Item label="Credentials">{source.credentialKeys.length ? `Set: ${source.credentialKeys.join(', ')}` : 'Not set'}</Item>}
          <Item label="Description">{source.description || <span className="faint">No description</span>}</Item>
        </div>
        <div className="panel" data-testid="source-status">
          <h2>Status</h2>
          <Item label="Created">{formatDateTime(source.createdAt)}</Item>
          <Item label="Last Used" testId="last-used">
            {source.lastUsedAt ? (
              <span title={formatDateTime(source.lastUsedAt)}>
                {formatDateTime(source.lastUsedAt)} <span className="faint">({relativeTime(source.lastUsedAt)})</span>
              </span>
            ) : (
              <span className="faint">No events yet</span>
            )}
          </Item>
          <Item label="Key Identifier" testId="key-identifier">
            {source.keyIdentifier ? <code>{source.keyIdentifier}</code> : <span className="faint">No key</span>}
          </Item>
          <Item label="Key Generated">{formatDateTime(source.keyGeneratedAt)}</Item>
          <Item label="Key Generated By">{source.keyGeneratedBy ?? '—'}</Item>
        </div>
      </div>
      {isPullType(source.type) && <PullStatusPanel source={source} />}
      <div className="panel">
        <h2>How to send events</h2>
        <HowToSend source={source} />
        <ShipperSnippets source={source} />
      </div>
      <IngestTlsPanel source={source} />
      <KeyPopout sourceId={source.id} sourceName={source.name} />
      {pending === 'rotate' && (
        <ConfirmDialog
          title="Rotate ingest key?"
          confirmLabel="Rotate key"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => run(() => store.rotateKey(source.id), 'Could not rotate the key')}
        >
          <p>
            A new key is generated and shown once. The current key (identifier <code>{source.keyIdentifier}</code>) fails on its very next request: there is no
            grace period.
          </p>
          <p className="muted">Update {source.name} with the new key right away to avoid a gap in ingestion.</p>
        </ConfirmDialog>
      )}
      {pending === 'revoke' && (
        <ConfirmDialog
          title="Revoke ingest key?"
          confirmLabel="Revoke key"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => run(() => store.revokeKey(source.id), 'Could not revoke the key', `Key revoked. ${source.name} is now inactive.`)}
        >
          <p>
            The key (identifier <code>{source.keyIdentifier}</code>) is removed and {source.name} is set inactive. Requests with the key get 401 from now on.
          </p>
          <p className="muted">A revoked key cannot be restored; generate a new one to resume ingest.</p>
        </ConfirmDialog>
      )}
      {pending === 'delete' && (
        <ConfirmDialog
          title={`Delete ${source.name}?`}
          confirmLabel="Delete log source"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() =>
            run(
              async () => {
                await store.remove(source.id);
                navigate('settings/sources');
              },
              'Could not delete the log source',
              `${source.name} deleted.`,
            )
          }
        >
          <p>Its ingest key stops working at once and it disappears from Source Health and rule scopes. Events it already sent are kept.</p>
          <p className="muted">Platform: {platformName(platforms, source.platformId)}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
