/**
 * Add or edit one panel: title, kind, query (or a saved search's), field, columns, size, width.
 * The query is checked with the shared grammar as it is typed; "Preview" evaluates the draft on the
 * engine for the dashboard's filters without saving; the engine's VALIDATION_ERROR on save or
 * preview is shown on the field it names.
 */
import { useState } from 'react';
import type { JSX } from 'react';
import { DASHBOARD_LIMITS, PANEL_KINDS, TABLE_COLUMNS } from '../../../../shared/dashboards.ts';
import type { PanelKind } from '../../../../shared/dashboards.ts';
import type { DashboardFilters, PanelInput, PanelResult, SavedSearch } from '../../../../shared/types.ts';
import { getClient } from '../../app-client.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { fieldErrorsFromError } from '../../ui/form-errors.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { checkSyntax } from '../log-viewer/log-viewer-query.ts';
import { KIND_HEIGHT, PANEL_WIDTHS, SIZED_KINDS } from './dashboard-edit.ts';
import { PanelView } from './panel-view.tsx';
import { namedOptions, Select, valueOptions } from '../../ui/select.tsx';

const KIND_LABELS: Record<PanelKind, string> = {
  timeseries: 'Count over time',
  top: 'Top values (bar)',
  number: 'Single number',
  table: 'Newest events (table)',
  alerts: 'Open alerts by rule',
  sourceHealth: 'Source Health summary',
};

/**
 * The engine names a panel's field by its path in the request (`panels[3].columns[0]` on save,
 * `panel.field` on preview); beside the editor's own fields only the last part matters.
 */
function panelFieldErrors(err: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fieldErrorsFromError(err))) {
    const key = k.replace(/^(?:dashboard\.)?(?:panels\[\d+\]|panel)\./, '').replace(/[.[].*$/, '');
    out[SHOWN_FIELDS.includes(key) ? key : ''] = v;
  }
  return out;
}

/** Fields the editor shows an error beside ('layout' is the Width select). */
const SHOWN_FIELDS = ['title', 'kind', 'query', 'savedSearchId', 'field', 'columns', 'limit', 'layout'];

const EVENT_KINDS: readonly PanelKind[] = ['timeseries', 'top', 'number', 'table'];

interface Props {
  initial: PanelInput | null;
  filters: DashboardFilters;
  savedSearches: readonly SavedSearch[];
  onSave(panel: PanelInput): Promise<void>;
  onClose(): void;
}

export function PanelEditor({ initial, filters, savedSearches, onSave, onClose }: Props): JSX.Element {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [kind, setKind] = useState<PanelKind>(initial?.kind ?? 'timeseries');
  const [query, setQuery] = useState(initial?.query ?? '');
  const [savedSearchId, setSavedSearchId] = useState(initial?.savedSearchId ?? '');
  const [field, setField] = useState(initial?.field ?? '');
  const [columns, setColumns] = useState((initial?.columns ?? []).join(', '));
  const [limit, setLimit] = useState(initial?.limit ? String(initial.limit) : '');
  const [width, setWidth] = useState(initial?.layout?.w ?? 12);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<PanelResult | null>(null);
  const queryError = checkSyntax(query);
  const eventKind = EVENT_KINDS.includes(kind);

  const build = (): PanelInput => {
    const panel: PanelInput = {
      title: title.trim(),
      kind,
      query: eventKind ? query.trim() : '',
      savedSearchId: eventKind && savedSearchId ? savedSearchId : null,
    };
    if (initial?.id) panel.id = initial.id;
    if (kind === 'timeseries' || kind === 'top') panel.field = field.trim() || (kind === 'timeseries' ? 'severity' : '');
    if (kind === 'table')
      panel.columns = columns
        .split(',')
        .map((c) => (c.trim() === 'time' ? 'timestamp' : c.trim()))
        .filter(Boolean);
    if (limit.trim() && SIZED_KINDS.includes(kind)) panel.limit = Number(limit);
    const h = initial?.layout && initial.kind === kind ? initial.layout.h : KIND_HEIGHT[kind];
    panel.layout = { x: initial?.layout?.x ?? 0, y: initial?.layout?.y ?? 0, w: width, h };
    return panel;
  };

  const check = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!title.trim()) e.title = 'Give the panel a title.';
    if (eventKind && queryError) e.query = `${queryError.message}${queryError.position !== null ? ` (at character ${queryError.position + 1})` : ''}`;
    if (kind === 'top' && !field.trim()) e.field = 'Name the field to rank, e.g. host or raw.src_ip.';
    if (limit.trim() && !/^\d+$/.test(limit.trim())) e.limit = 'A whole number.';
    return e;
  };

  const run = async (what: 'save' | 'preview'): Promise<void> => {
    const local = check();
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      if (what === 'save') await onSave(build());
      else
        setPreview(
          await getClient().call('dashboards.previewPanel', {
            ...filters,
            platformId: filters.platformId ?? '',
            sourceId: filters.sourceId ?? '',
            panel: build(),
          }),
        );
    } catch (err) {
      setErrors(panelFieldErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const limitHint =
    kind === 'top'
      ? `Values shown (default ${DASHBOARD_LIMITS.defaultTopN})`
      : kind === 'table'
        ? `Rows (default ${DASHBOARD_LIMITS.defaultTableRows})`
        : `Series drawn before the rest is "other" (default ${DASHBOARD_LIMITS.defaultSeries})`;
  const previewPanel = { ...build(), id: 'preview', title: title || 'Preview', layout: { x: 0, y: 0, w: 12, h: 1 } };

  return (
    <Dialog
      title={initial?.id ? `Edit panel` : 'Add panel'}
      onClose={onClose}
      wide
      testId="db-panel-editor"
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn" data-testid="db-editor-preview" disabled={busy || !eventKind} onClick={() => void run('preview')}>
            Preview
          </button>
          <button type="button" className="btn btn-primary" data-testid="db-editor-save" disabled={busy} onClick={() => void run('save')}>
            {initial?.id ? 'Save panel' : 'Add panel'}
          </button>
        </>
      }
    >
      <form
        className="db-editor"
        onSubmit={(e) => {
          e.preventDefault();
          void run('save');
        }}
      >
        {errors[''] && (
          <div className="form-error" role="alert" data-testid="db-editor-error">
            {errors['']}
          </div>
        )}
        <Field label="Title" error={errors.title} required>
          <input
            type="text"
            data-testid="db-editor-title"
            value={title}
            maxLength={DASHBOARD_LIMITS.titleChars}
            onChange={(e) => setTitle(e.target.value)}
            autoFocus
          />
        </Field>
        <Field label="Kind" error={errors.kind}>
          <Select data-testid="db-editor-kind" value={kind} onValue={setKind} options={valueOptions(PANEL_KINDS, KIND_LABELS)} />
        </Field>
        {eventKind && (
          <>
            <Field
              label="Query"
              hint="Search language, as in the Log Viewer; empty matches every event. Dashboard filters are added to it."
              error={errors.query}
            >
              <input type="text" className="mono" data-testid="db-editor-query" value={query} onChange={(e) => setQuery(e.target.value)} spellCheck={false} />
            </Field>
            {savedSearches.length > 0 && (
              <Field label="Saved search" hint="Its query is ANDed with the one above; the dashboard's time range applies." error={errors.savedSearchId}>
                <Select data-testid="db-editor-saved" value={savedSearchId} onValue={setSavedSearchId} empty="None" options={namedOptions(savedSearches)} />
              </Field>
            )}
          </>
        )}
        {(kind === 'timeseries' || kind === 'top') && (
          <Field
            label={kind === 'top' ? 'Field' : 'Stack by field'}
            hint="host, user, action, source, severity, outcome … or a raw.path"
            error={errors.field}
            required={kind === 'top'}
          >
            <input
              type="text"
              className="mono"
              data-testid="db-editor-field"
              value={field}
              placeholder={kind === 'timeseries' ? 'severity' : 'host'}
              onChange={(e) => setField(e.target.value)}
            />
          </Field>
        )}
        {kind === 'table' && (
          <Field label="Columns" hint={`Comma-separated: ${TABLE_COLUMNS.join(', ')} or a raw.path`} error={errors.columns}>
            <input
              type="text"
              className="mono"
              data-testid="db-editor-columns"
              value={columns}
              placeholder="time, severity, host, message"
              onChange={(e) => setColumns(e.target.value)}
            />
          </Field>
        )}
        {SIZED_KINDS.includes(kind) && (
          <Field label="Size" hint={limitHint} error={errors.limit}>
            <input type="text" inputMode="numeric" data-testid="db-editor-limit" value={limit} onChange={(e) => setLimit(e.target.value)} />
          </Field>
        )}
        <Field label="Width" error={errors.layout}>
          <select data-testid="db-editor-width" value={width} onChange={(e) => setWidth(Number(e.target.value))}>
            {PANEL_WIDTHS.map((o) => (
              <option key={o.w} value={o.w}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" hidden />
      </form>
      {preview && (
        <div className="db-editor-preview" data-testid="db-editor-preview-result">
          <PanelView
            panel={{
              ...previewPanel,
              query: previewPanel.query ?? '',
              savedSearchId: previewPanel.savedSearchId ?? null,
              field: previewPanel.field ?? null,
              columns: previewPanel.columns ?? [],
              limit: previewPanel.limit ?? 0,
            }}
            result={preview}
            periodLabel="period"
            onZoom={() => undefined}
            onRetry={() => void run('preview')}
            editing={null}
          />
        </div>
      )}
    </Dialog>
  );
}
