/**
 * Settings → SIEM forwarding (seed 003 "SIEM Integration"). Sub-routes: '' endpoint list + delivery
 * log, 'new' the Add Endpoint form, '<id>/edit' the editor. Live: deliveries and endpoint changes
 * arrive on the 'delivery' / 'endpoint' streams while the screen is open.
 */
import { useEffect, useState } from 'react';
import type { JSX } from 'react';
import { hrefFor, navigate } from '../../router.ts';
import { appStore } from '../../stores/app-store.ts';
import { forwardingStore, useForwarding } from '../../stores/forwarding-store.ts';
import { sourcesStore, useSources } from '../../stores/sources-store.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { EmptyState, LoadingState, listPlaceholder } from '../../ui/states.tsx';
import { DeliveryLog } from './delivery-log.tsx';
import { EndpointForm } from './endpoint-form.tsx';
import { EndpointsTable } from './endpoints-table.tsx';
import { SecretPopout } from './secret-popout.tsx';
import './forwarding.css';
import { ScreenFrame } from '../../ui/screen-frame.tsx';

export function ForwardingScreen({ rest }: { rest: string }): JSX.Element {
  const [first, second] = rest.split('/');
  useEffect(() => {
    void forwardingStore.getState().load();
    void forwardingStore.getState().loadDeliveries();
    void sourcesStore.getState().load();
    return forwardingStore.getState().connect();
  }, []);
  let view: JSX.Element;
  if (first === 'new') view = <NewEndpoint />;
  else if (first && second === 'edit') view = <EditEndpoint id={first} />;
  else view = <ForwardingIndex />;
  return (
    <>
      {view}
      <SecretPopout />
    </>
  );
}

function ForwardingIndex(): JSX.Element {
  const { endpoints, status, error } = useForwarding((s) => s);
  const sources = useSources((s) => s.items);
  const addButton = (
    <button type="button" className="btn btn-primary" onClick={() => navigate('settings/forwarding/new')} data-testid="add-endpoint">
      Add endpoint
    </button>
  );
  const placeholder = listPlaceholder(
    { status, error, count: endpoints.length, what: 'endpoints', retry: () => forwardingStore.getState().load() },
    <EmptyState title="No SIEM endpoints yet" action={addButton}>
      Stream Watchpost&apos;s security events, alerts and logs to Splunk, Sentinel, Datadog or any HTTPS webhook. Deliveries are queued on disk and retried.
    </EmptyState>,
  );
  let body: JSX.Element;
  if (placeholder) body = placeholder;
  else body = <EndpointsTable endpoints={endpoints} sources={sources} />;
  return (
    <ScreenFrame
      className="screen forwarding"
      titleId="forwarding-title"
      testId="forwarding-screen"
      crumbs="Settings"
      title="SIEM forwarding"
      actions={addButton}
    >
      {body}
      {endpoints.length > 0 && <DeliveryLog endpoints={endpoints} />}
    </ScreenFrame>
  );
}

function NewEndpoint(): JSX.Element {
  const sources = useSources((s) => s.items);
  return (
    <ScreenFrame
      className="screen forwarding"
      titleId="new-endpoint-title"
      crumbs={
        <>
          <a href={hrefFor('settings/forwarding')}>SIEM forwarding</a> / New
        </>
      }
      title="Add endpoint"
    >
      <div className="panel form-panel">
        <EndpointForm
          sources={sources}
          onCancel={() => navigate('settings/forwarding')}
          onSubmit={async (input) => {
            const created = await forwardingStore.getState().create(input);
            appStore.getState().toast('success', `Endpoint "${created.name}" added. Copy its signing secret, then send a test event.`);
            navigate('settings/forwarding');
          }}
        />
      </div>
    </ScreenFrame>
  );
}

function EditEndpoint({ id }: { id: string }): JSX.Element {
  const endpoint = useForwarding((s) => s.endpoints.find((e) => e.id === id));
  const status = useForwarding((s) => s.status);
  const sources = useSources((s) => s.items);
  const [confirming, setConfirming] = useState(false);
  if (!endpoint) {
    return (
      <section className="screen">
        <div className="breadcrumb">
          <a href={hrefFor('settings/forwarding')}>SIEM forwarding</a>
        </div>
        {status === 'ready' ? (
          <EmptyState title="Endpoint not found" action={<a href={hrefFor('settings/forwarding')}>Back to SIEM forwarding</a>}>
            It may have been deleted.
          </EmptyState>
        ) : (
          <LoadingState label="Loading endpoint…" />
        )}
      </section>
    );
  }
  return (
    <ScreenFrame
      className="screen forwarding"
      titleId="edit-endpoint-title"
      crumbs={
        <>
          <a href={hrefFor('settings/forwarding')}>SIEM forwarding</a> / {endpoint.name}
        </>
      }
      title={<>Edit {endpoint.name}</>}
    >
      <div className="panel form-panel">
        <EndpointForm
          key={endpoint.id}
          endpoint={endpoint}
          sources={sources}
          onCancel={() => navigate('settings/forwarding')}
          onDelete={() => setConfirming(true)}
          onSubmit={async (input) => {
            const saved = await forwardingStore.getState().update(id, input);
            appStore.getState().toast('success', `Saved "${saved.name}".`);
            navigate('settings/forwarding');
          }}
        />
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete "${endpoint.name}"?`}
          confirmLabel="Delete endpoint"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            await forwardingStore.getState().remove(id);
            appStore.getState().toast('success', `Endpoint "${endpoint.name}" deleted with its delivery log.`);
            navigate('settings/forwarding');
          }}
        >
          Nothing more is forwarded to it, and its queued and past deliveries are removed. Rules that name it stop notifying it.
        </ConfirmDialog>
      )}
    </ScreenFrame>
  );
}
