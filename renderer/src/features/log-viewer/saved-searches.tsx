/**
 * Saved searches in the Log Viewer: "Save search" stores the current query, time range (relative
 * stays relative), Custom Fields columns and sort under a name; "Saved searches" lists them to
 * open, rename, delete, or start a rule from. The list is a popover: Tab moves through it, ↑/↓ move
 * between the saved searches' names, Esc closes it and gives focus back to its button.
 */
import { useEffect, useRef, useState } from 'react';
import type { JSX, KeyboardEvent } from 'react';
import type { SavedSearch } from '../../../../shared/types.ts';
import { navigate } from '../../router.ts';
import { appStore } from '../../stores/app-store.ts';
import { errorMessage } from '../../stores/load-state.ts';
import { savedSearchesStore, useSavedSearches } from '../../stores/saved-searches-store.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { NameDialog } from '../../ui/name-dialog.tsx';
import { newRuleFromSearchPath } from '../rules/rules-form.ts';
import { openLogViewer } from './log-viewer-link.ts';
import { logViewerStore } from './log-viewer-store.ts';
import { describeRange } from './log-viewer-time.ts';

function SaveDialog({ onClose }: { onClose(): void }): JSX.Element {
  // The search as it is when the dialog opens (a selector returning a new object each render would loop).
  const [state] = useState(() => logViewerStore.getState().searchState());
  return (
    <NameDialog
      title="Save search"
      confirmLabel="Save search"
      testId="lv-save-search"
      onClose={onClose}
      onSave={async (name) => {
        const saved = await savedSearchesStore
          .getState()
          .create({ name, query: state.q, from: state.range.from, to: state.range.to, columns: [...state.columns], sort: state.sort });
        appStore.getState().toast('success', `Search "${saved.name}" saved.`);
        onClose();
      }}
    >
      <dl className="lv-saved-summary">
        <dt>Query</dt>
        <dd className="mono">{state.q || '(every event)'}</dd>
        <dt>Time range</dt>
        <dd>{describeRange(state.range)}</dd>
        {state.columns.length > 0 && (
          <>
            <dt>Columns</dt>
            <dd className="mono">{state.columns.join(', ')}</dd>
          </>
        )}
      </dl>
    </NameDialog>
  );
}

function SavedRow({ s, onDone }: { s: SavedSearch; onDone(): void }): JSX.Element {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(s.name);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const rename = async (): Promise<void> => {
    try {
      await savedSearchesStore.getState().update(s.id, { name: name.trim() });
      setRenaming(false);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const open = (): void => {
    onDone();
    openLogViewer({ q: s.query, from: s.from, to: s.to, columns: s.columns, sort: s.sort });
  };
  return (
    <li className="lv-saved-row" data-testid="lv-saved-item" data-name={s.name}>
      {renaming ? (
        <input
          type="text"
          aria-label={`New name for ${s.name}`}
          data-testid="lv-saved-rename-input"
          value={name}
          autoFocus
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void rename();
            if (e.key === 'Escape') {
              e.stopPropagation();
              setRenaming(false);
              setName(s.name);
            }
          }}
        />
      ) : (
        <button
          type="button"
          className="lv-saved-open"
          data-testid="lv-saved-open"
          title={`Open: ${s.query || '(every event)'}, ${describeRange(s)}`}
          onClick={open}
        >
          <span className="lv-saved-name">{s.name}</span>
          <span className="lv-saved-query mono faint">
            {s.query || '(every event)'} · {describeRange(s)}
          </span>
        </button>
      )}
      <div className="lv-saved-actions">
        {renaming ? (
          <button type="button" className="btn btn-sm" data-testid="lv-saved-rename-save" onClick={() => void rename()}>
            Save name
          </button>
        ) : (
          <button type="button" className="btn btn-sm" data-testid="lv-saved-rename" onClick={() => setRenaming(true)}>
            Rename
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm"
          data-testid="lv-saved-rule"
          title="Open a new alert rule with this search's query as its condition"
          onClick={() => {
            onDone();
            navigate(newRuleFromSearchPath(s.name, s.query));
          }}
        >
          Use as rule
        </button>
        <button type="button" className="btn btn-sm btn-danger" data-testid="lv-saved-delete" onClick={() => setDeleting(true)}>
          Delete
        </button>
      </div>
      {error && (
        <div className="lv-saved-error" role="alert">
          {error}
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete "${s.name}"?`}
          confirmLabel="Delete search"
          danger
          onCancel={() => setDeleting(false)}
          onConfirm={async () => {
            try {
              await savedSearchesStore.getState().remove(s.id);
              appStore.getState().toast('success', `Search "${s.name}" deleted.`);
            } catch (err) {
              setDeleting(false);
              setError(errorMessage(err));
            }
          }}
        >
          A saved search that a dashboard panel uses cannot be deleted: the error names the dashboards, so change those panels first.
        </ConfirmDialog>
      )}
    </li>
  );
}

export function SavedSearches(): JSX.Element {
  const items = useSavedSearches((s) => s.items);
  const status = useSavedSearches((s) => s.status);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void savedSearchesStore.getState().load();
  }, []);

  useEffect(() => {
    if (open) panelRef.current?.querySelector<HTMLElement>('[data-testid="lv-saved-open"]')?.focus();
  }, [open]);

  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (document.querySelector('[aria-modal="true"]')) return;
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const names = [...(panelRef.current?.querySelectorAll<HTMLElement>('[data-testid="lv-saved-open"]') ?? [])];
      const i = names.indexOf(document.activeElement as HTMLElement);
      if (i < 0 || names.length === 0) return;
      e.preventDefault();
      names[(i + (e.key === 'ArrowDown' ? 1 : -1) + names.length) % names.length]!.focus();
    }
  };

  return (
    <div className="lv-saved-anchor">
      <button type="button" className="btn btn-sm" data-testid="lv-save-search" onClick={() => setSaving(true)}>
        Save search
      </button>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-sm"
        data-testid="lv-saved-searches"
        aria-expanded={open}
        aria-controls="lv-saved-panel"
        onClick={() => (open ? close() : setOpen(true))}
      >
        Saved searches{items.length > 0 ? ` (${items.length})` : ''}
      </button>
      {open && (
        <div
          className="lv-saved-menu"
          id="lv-saved-panel"
          ref={panelRef}
          data-testid="lv-saved-panel"
          role="region"
          aria-label="Saved searches"
          onKeyDown={onKeyDown}
        >
          {items.length === 0 ? (
            <p className="faint lv-saved-empty">
              {status === 'error' ? 'Could not load saved searches.' : 'No saved searches yet. "Save search" keeps the current one.'}
            </p>
          ) : (
            <ul>
              {items.map((s) => (
                <SavedRow key={s.id} s={s} onDone={() => setOpen(false)} />
              ))}
            </ul>
          )}
        </div>
      )}
      {saving && <SaveDialog onClose={() => setSaving(false)} />}
    </div>
  );
}
