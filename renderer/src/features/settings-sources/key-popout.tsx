/**
 * The one-time key popout (seed 000): the plaintext key, a copy button and the ready curl command.
 * Closing it calls `dismissKey()`, which drops the key from the store; it is never shown again.
 */
import { useEffect } from 'react';
import type { JSX } from 'react';
import { Dialog } from '../../ui/dialog.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';
import { sourcesStore, useSources } from '../../stores/sources-store.ts';

export function KeyPopout({ sourceId, sourceName }: { sourceId: string; sourceName: string }): JSX.Element | null {
  const revealed = useSources((s) => s.revealedKey);
  // Leaving the source (back button, deep link) also ends the one-time display.
  useEffect(() => () => sourcesStore.getState().dismissKey(), [sourceId]);
  if (!revealed || revealed.sourceId !== sourceId) return null;
  const close = (): void => sourcesStore.getState().dismissKey();
  return (
    <Dialog
      title={revealed.action === 'rotated' ? 'New ingest key (rotated)' : 'Ingest key generated'}
      onClose={close}
      wide
      testId="key-popout"
      initialFocus="[data-copy-key] button"
      actions={
        <button type="button" className="btn btn-primary" onClick={close} data-testid="close-key-popout">
          I have copied the key, close
        </button>
      }
    >
      <p className="notice" role="note">
        Copy this key now. Watchpost keeps only its SHA-256 hash: once you close this window, nobody can show the key again.
        {revealed.action === 'rotated' && ' The previous key has already stopped working.'}
      </p>
      <div className="detail-field">
        <div className="detail-label">Ingest key for {sourceName}</div>
        <div className="secret" data-testid="ingest-key">
          {revealed.key}
        </div>
        <div className="toolbar" data-copy-key>
          <CopyButton text={revealed.key} label="Copy key" testId="copy-key" />
          <span className="muted">
            Key Identifier <code>{revealed.keyIdentifier}</code>
          </span>
        </div>
      </div>
      <div className="detail-field">
        <div className="detail-label">Test it with curl</div>
        <pre className="code-block" data-testid="key-curl">
          {revealed.curlExample}
        </pre>
        <div>
          <CopyButton text={revealed.curlExample} label="Copy curl command" testId="copy-curl" />
        </div>
      </div>
      <p className="muted">Paste the key into the source system&apos;s secret store. Never put it in a ticket, chat or shared document.</p>
    </Dialog>
  );
}
