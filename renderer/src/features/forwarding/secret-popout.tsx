/**
 * The one-time signing secret (Standard Webhooks `whsec_…`): shown right after "Add Endpoint" with a
 * copy button. Closing drops it from the store; Watchpost keeps it only encrypted and never shows it again.
 */
import type { JSX } from 'react';
import { Dialog } from '../../ui/dialog.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';
import { forwardingStore, useForwarding } from '../../stores/forwarding-store.ts';

export function SecretPopout(): JSX.Element | null {
  const revealed = useForwarding((s) => s.revealedSecret);
  if (!revealed) return null;
  const close = (): void => forwardingStore.getState().dismissSecret();
  return (
    <Dialog
      title="Endpoint signing secret"
      onClose={close}
      wide
      testId="secret-popout"
      initialFocus="[data-copy-secret] button"
      actions={
        <button type="button" className="btn btn-primary" onClick={close} data-testid="close-secret-popout">
          I have copied the secret, close
        </button>
      }
    >
      <p className="notice" role="note">
        Copy this secret now. It is shown only once: Watchpost stores it encrypted and cannot show it again.
      </p>
      <div className="detail-field">
        <div className="detail-label">Signing secret for {revealed.name}</div>
        <div className="secret" data-testid="signing-secret">
          {revealed.signingSecret}
        </div>
        <div className="toolbar" data-copy-secret>
          <CopyButton text={revealed.signingSecret} label="Copy secret" testId="copy-secret" />
        </div>
      </div>
      <p className="muted">
        Generic deliveries carry <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers (Standard Webhooks). Your
        receiver verifies <code>v1,base64(HMAC-SHA256(secret, id.timestamp.body))</code> with this secret and can drop duplicates by <code>webhook-id</code>.
      </p>
    </Dialog>
  );
}
