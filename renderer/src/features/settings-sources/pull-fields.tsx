/**
 * The pull part of the New Log Source / edit form: credentials by type (from shared/credentials.ts,
 * the list the engine validates), the targets with autocomplete from the provider ("Discover"),
 * the schedule, and "Test connection" with a preview before (and after) saving.
 */
import { useState } from 'react';
import type { JSX } from 'react';
import type { PullSourceType } from '../../../../shared/enums.ts';
import { DEFAULT_LAG_SECONDS } from '../../../../shared/pull.ts';
import type { LogSource, SourceTestResult } from '../../../../shared/types.ts';
import { getClient } from '../../app-client.ts';
import { Field } from '../../ui/field.tsx';
import { CREDENTIAL_FIELDS, PULL_SOURCES_HINT } from './credential-fields.ts';
import { draftToPullInput } from './source-form-model.ts';
import type { SourceDraft } from './source-form-model.ts';
import type { FieldErrors } from '../../ui/form-errors.ts';
import { PullPreview } from './pull-preview.tsx';

export interface PullFieldsProps {
  draft: SourceDraft;
  type: PullSourceType;
  errors: FieldErrors;
  source?: LogSource;
  set<K extends keyof SourceDraft>(key: K, value: SourceDraft[K]): void;
  setCredential(key: string, value: string): void;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function PullFields({ draft, type, errors, source, set, setCredential }: PullFieldsProps): JSX.Element {
  const [suggestions, setSuggestions] = useState<string[] | null>(null);
  const [busy, setBusy] = useState<'test' | 'discover' | null>(null);
  const [result, setResult] = useState<SourceTestResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fields = CREDENTIAL_FIELDS[type];
  const targets = draft.sources
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

  async function run(kind: 'test' | 'discover'): Promise<void> {
    setBusy(kind);
    setProblem(null);
    try {
      if (kind === 'test') setResult(await getClient().call('sources.testDraft', draftToPullInput(draft, source?.id)));
      else setSuggestions((await getClient().call('sources.discover', draftToPullInput(draft, source?.id))).items);
    } catch (err) {
      setProblem(message(err));
    } finally {
      setBusy(null);
    }
  }

  function addTarget(t: string): void {
    if (!targets.includes(t)) set('sources', [...targets, t].join('\n'));
  }

  return (
    <fieldset className="form-fieldset" data-testid="pull-fields">
      <legend>Credentials</legend>
      <p className="muted">
        {source?.credentialKeys.length
          ? `Stored: ${source.credentialKeys.join(', ')}. Leave blank to keep them; typing any value replaces the whole set.`
          : 'Encrypted at rest and never shown again after saving.'}
      </p>
      {errors.credentials && (
        <div className="error" role="alert">
          {errors.credentials}
        </div>
      )}
      <div className="form-columns">
        {fields.map((c) => (
          <Field key={`${type}-${c.key}`} label={c.label} required={c.required && !source} error={errors[`credentials.${c.key}`]}>
            {c.multiline ? (
              <textarea
                rows={4}
                className="mono"
                value={draft.credentials[c.key] ?? ''}
                onChange={(e) => setCredential(c.key, e.target.value)}
                spellCheck={false}
              />
            ) : (
              <input
                type={c.secret ? 'password' : 'text'}
                autoComplete="off"
                value={draft.credentials[c.key] ?? ''}
                onChange={(e) => setCredential(c.key, e.target.value)}
              />
            )}
          </Field>
        ))}
      </div>
      <Field label="Sources" required error={errors.sources} hint={PULL_SOURCES_HINT[type]}>
        <textarea rows={3} className="mono" value={draft.sources} onChange={(e) => set('sources', e.target.value)} spellCheck={false} />
      </Field>
      <div className="toolbar pull-actions">
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void run('discover')}>
          {busy === 'discover' ? 'Listing…' : 'Discover targets'}
        </button>
        <button type="button" className="btn" disabled={busy !== null || targets.length === 0} onClick={() => void run('test')}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      {problem && (
        <div className="error" role="alert" data-testid="pull-problem">
          {problem}
        </div>
      )}
      {suggestions && (
        <div className="pull-suggestions" data-testid="pull-suggestions">
          {suggestions.length === 0 ? (
            <span className="faint">The provider listed nothing.</span>
          ) : (
            suggestions.slice(0, 60).map((s) => (
              <button key={s} type="button" className="chip" disabled={targets.includes(s)} onClick={() => addTarget(s)} title={`Add ${s} to Sources`}>
                + {s}
              </button>
            ))
          )}
        </div>
      )}
      {result && <PullPreview result={result} />}
      <div className="form-columns">
        <Field label="Poll interval (seconds)" error={errors.pollIntervalSeconds} hint="How often Watchpost asks the provider for new entries (10–3600).">
          <input
            type="number"
            inputMode="numeric"
            min={10}
            max={3600}
            value={draft.pollIntervalSeconds}
            onChange={(e) => set('pollIntervalSeconds', e.target.value)}
          />
        </Field>
        <Field
          label="Lag (seconds)"
          error={errors.lagSeconds}
          hint={`Each window ends this far behind now, so late-indexed entries are not missed. Empty = ${DEFAULT_LAG_SECONDS[type]} s for this type.`}
        >
          <input
            type="number"
            inputMode="numeric"
            min={0}
            placeholder={String(DEFAULT_LAG_SECONDS[type])}
            value={draft.lagSeconds}
            onChange={(e) => set('lagSeconds', e.target.value)}
          />
        </Field>
        <Field label="First look-back (minutes)" error={errors.initialLookbackMinutes} hint="How far back the very first poll reads.">
          <input
            type="number"
            inputMode="numeric"
            min={0}
            value={draft.initialLookbackMinutes}
            onChange={(e) => set('initialLookbackMinutes', e.target.value)}
          />
        </Field>
      </div>
    </fieldset>
  );
}
