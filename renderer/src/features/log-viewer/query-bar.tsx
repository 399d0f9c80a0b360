/**
 * Query bar: monospace input, Search button, syntax help, and the inline error. The error marks
 * the exact character the grammar (or the engine) named, underlined in place over the input, and
 * repeats the message below with the column, so a typo is found without reading the whole query.
 */
import { useEffect, useRef, useState } from 'react';
import type { JSX } from 'react';
import { useLogViewer } from './log-viewer-store.ts';
import { checkSyntax, operatorHint } from './log-viewer-query.ts';
import { searchFromPastedLink } from './log-viewer-link.ts';
import { SyntaxHelp } from './syntax-help.tsx';
import { useQueryHistory } from './query-history-menu.tsx';

export function QueryBar(): JSX.Element {
  const draft = useLogViewer((s) => s.draft);
  const query = useLogViewer((s) => s.query);
  const queryError = useLogViewer((s) => s.queryError);
  const focusTick = useLogViewer((s) => s.focusQueryTick);
  const setDraft = useLogViewer((s) => s.setDraft);
  const submit = useLogViewer((s) => s.submit);
  const applySearch = useLogViewer((s) => s.applySearch);
  const [help, setHelp] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const mirrorRef = useRef<HTMLDivElement>(null);
  const history = useQueryHistory(
    draft,
    (q) => {
      setDraft(q);
      history.remember(q);
      void submit();
    },
    inputRef,
  );

  useEffect(() => {
    if (focusTick === 0) return;
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusTick]);

  // After a failed search, re-check as the analyst edits so the marker follows the fix.
  const error = queryError === null ? null : draft === query ? queryError : checkSyntax(draft);
  const position = error?.position ?? null;
  const hint = operatorHint(draft);

  const syncScroll = (): void => {
    if (mirrorRef.current && inputRef.current) mirrorRef.current.scrollLeft = inputRef.current.scrollLeft;
  };

  const insert = (example: string): void => {
    const next = draft.trim() === '' ? example : `${draft.trimEnd()} ${example}`;
    setDraft(next);
    setHelp(false);
    inputRef.current?.focus();
  };

  return (
    <form
      className="lv-query"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        // A copied Watchpost link pasted into the query opens that search.
        const linked = searchFromPastedLink(draft);
        if (!linked && checkSyntax(draft) === null) history.remember(draft);
        void (linked ? applySearch(linked) : submit());
      }}
    >
      <div className={`lv-query-field${error ? ' lv-query-field-invalid' : ''}`}>
        <input
          ref={inputRef}
          type="text"
          className="lv-query-input"
          data-testid="lv-query-input"
          aria-label="Search query"
          aria-invalid={error ? 'true' : 'false'}
          aria-describedby={error ? 'lv-query-error' : hint ? 'lv-query-hint' : undefined}
          placeholder='Search events, e.g. host:web-01 severity:>=warn "failed login"   (press / to focus)'
          spellCheck={false}
          autoComplete="off"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onScroll={syncScroll}
          onKeyUp={syncScroll}
          {...history.inputProps}
        />
        {history.menu}
        {position !== null && (
          <div className="lv-query-mirror" ref={mirrorRef} aria-hidden="true">
            <span>{draft.slice(0, position)}</span>
            <mark className="lv-query-marker" data-testid="lv-query-error-marker">
              {draft.slice(position, position + 1) || '\u00a0'}
            </mark>
          </div>
        )}
      </div>
      {history.toggle}
      <button type="submit" className="btn btn-primary" data-testid="lv-query-submit">
        Search
      </button>
      <div className="lv-help-anchor">
        <button
          type="button"
          className="btn"
          data-testid="lv-syntax-help-toggle"
          aria-expanded={help}
          aria-controls="lv-syntax-help"
          title="Query syntax"
          onClick={() => setHelp((h) => !h)}
        >
          Syntax
        </button>
        {help && <SyntaxHelp onInsert={insert} onClose={() => setHelp(false)} />}
      </div>
      {!error && hint && (
        <div className="lv-query-hint" data-testid="lv-query-hint" id="lv-query-hint">
          {hint}
        </div>
      )}
      {error && (
        <div className="lv-query-error" id="lv-query-error" role="alert" data-testid="lv-query-error">
          {error.message}
          {error.position !== null && ` (at character ${error.position + 1})`}
        </div>
      )}
    </form>
  );
}
