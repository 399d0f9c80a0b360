/**
 * Settings → Rules. Sub-routes: '' the rule list, 'new' the editor for a new rule, '<id>' the editor
 * with the rule's Recent alerts panel. Rule status (last triggered, trigger count) follows the
 * 'alert' stream while the screen is open.
 */
import { useEffect, useState } from 'react';
import type { JSX } from 'react';
import { hrefFor, navigate } from '../../router.ts';
import { appStore } from '../../stores/app-store.ts';
import { forwardingStore, useForwarding } from '../../stores/forwarding-store.ts';
import { platformsStore, usePlatforms } from '../../stores/platforms-store.ts';
import { rulesStore, useRules } from '../../stores/rules-store.ts';
import { sourcesStore, useSources } from '../../stores/sources-store.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { EmptyState, LoadingState, listPlaceholder } from '../../ui/states.tsx';
import { RecentAlerts } from './recent-alerts.tsx';
import { RuleEditor } from './rule-editor.tsx';
import { RulesTable } from './rules-table.tsx';
import './rules.css';

/** Route entry for settings/rules (rest: '', 'new' or a rule id). */
export function RulesScreen({ rest }: { rest: string }): JSX.Element {
  useEffect(() => {
    void rulesStore.getState().load();
    void sourcesStore.getState().load();
    void platformsStore.getState().load();
    void forwardingStore.getState().load();
    return rulesStore.getState().connect();
  }, []);
  if (rest === 'new') return <NewRule />;
  if (rest) return <EditRule id={rest} />;
  return <RulesIndex />;
}

function useRefs() {
  return {
    sources: useSources((s) => s.items),
    platforms: usePlatforms((s) => s.items),
    endpoints: useForwarding((s) => s.endpoints),
  };
}

function RulesIndex(): JSX.Element {
  const { items, status, error } = useRules((s) => s);
  const { sources, platforms } = useRefs();
  const addButton = (
    <button type="button" className="btn btn-primary" onClick={() => navigate('settings/rules/new')} data-testid="add-rule">
      New rule
    </button>
  );
  const placeholder = listPlaceholder(
    { status, error, count: items.length, what: 'rules', retry: () => rulesStore.getState().load() },
    <EmptyState title="No alert rules yet" action={addButton}>
      Rules watch incoming events: a pattern in a field, more than N events in a window, or a source that went quiet. They raise alerts in the inbox and can
      notify you.
    </EmptyState>,
  );
  let body: JSX.Element;
  if (placeholder) body = placeholder;
  else body = <RulesTable rules={items} sources={sources} platforms={platforms} />;
  return (
    <section className="screen rules" aria-labelledby="rules-title" data-testid="rules-screen">
      <div className="breadcrumb">Settings</div>
      <div className="screen-header">
        <h1 id="rules-title">Rules</h1>
        <div className="toolbar">{items.length > 0 && addButton}</div>
      </div>
      {body}
    </section>
  );
}

function NewRule(): JSX.Element {
  const { sources, platforms, endpoints } = useRefs();
  return (
    <section className="screen rules" aria-labelledby="new-rule-title">
      <div className="breadcrumb">
        <a href={hrefFor('settings/rules')}>Rules</a> / New
      </div>
      <div className="screen-header">
        <h1 id="new-rule-title">New rule</h1>
      </div>
      <div className="panel form-panel">
        <RuleEditor
          sources={sources}
          platforms={platforms}
          endpoints={endpoints}
          onCancel={() => navigate('settings/rules')}
          onSubmit={async (input) => {
            const created = await rulesStore.getState().create(input);
            appStore.getState().toast('success', `Rule "${created.name}" created${created.active ? ' and active' : ''}.`);
            navigate(`settings/rules/${created.id}`);
          }}
        />
      </div>
    </section>
  );
}

function EditRule({ id }: { id: string }): JSX.Element {
  const rule = useRules((s) => s.items.find((r) => r.id === id));
  const status = useRules((s) => s.status);
  const { sources, platforms, endpoints } = useRefs();
  const [confirming, setConfirming] = useState(false);
  if (!rule) {
    return (
      <section className="screen">
        <div className="breadcrumb">
          <a href={hrefFor('settings/rules')}>Rules</a>
        </div>
        {status === 'ready' ? (
          <EmptyState title="Rule not found" action={<a href={hrefFor('settings/rules')}>Back to Rules</a>}>
            It may have been deleted.
          </EmptyState>
        ) : (
          <LoadingState label="Loading rule…" />
        )}
      </section>
    );
  }
  return (
    <section className="screen rules" aria-labelledby="edit-rule-title">
      <div className="breadcrumb">
        <a href={hrefFor('settings/rules')}>Rules</a> / {rule.name}
      </div>
      <div className="screen-header">
        <h1 id="edit-rule-title">{rule.name}</h1>
      </div>
      <div className="rule-edit-layout">
        <div className="panel form-panel">
          <RuleEditor
            key={rule.id}
            rule={rule}
            sources={sources}
            platforms={platforms}
            endpoints={endpoints}
            onCancel={() => navigate('settings/rules')}
            onDelete={() => setConfirming(true)}
            onSubmit={async (input) => {
              const saved = await rulesStore.getState().update(id, input);
              appStore.getState().toast('success', `Saved "${saved.name}".`);
            }}
          />
        </div>
        <RecentAlerts rule={rule} />
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete "${rule.name}"?`}
          confirmLabel="Delete rule"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            await rulesStore.getState().remove(id);
            appStore.getState().toast('success', `Rule "${rule.name}" deleted. Its alerts stay in the inbox.`);
            navigate('settings/rules');
          }}
        >
          The rule stops evaluating now. Alerts it already raised stay in the inbox as history.
        </ConfirmDialog>
      )}
    </section>
  );
}
