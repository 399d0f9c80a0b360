/** Top banner slot: warnings that must stay visible on every screen (disabled endpoint, weak secret storage, connection lost). */
import type { JSX } from 'react';
import { appStore, useApp } from '../stores/app-store.ts';

export function BannerSlot(): JSX.Element {
  const banners = useApp((s) => s.banners);
  const connection = useApp((s) => s.connection);
  return (
    <div className="shell-banners" data-testid="banner-slot">
      {connection === 'offline' && (
        <div className="banner banner-error" role="alert" data-testid="connection-lost">
          <span className="banner-text">Connection to Watchpost lost. Retrying… Changes you make now will not be saved.</span>
        </div>
      )}
      {connection === 'unauthorized' && (
        <div className="banner banner-error" role="alert" data-testid="connection-unauthorized">
          <span className="banner-text">
            Watchpost refused this session&apos;s token. Open the console URL printed by <code>serve</code> (it includes <code>?token=</code>).
          </span>
        </div>
      )}
      {banners.map((b) => (
        <div key={b.id} className={`banner banner-${b.kind}`} role={b.kind === 'info' ? 'status' : 'alert'} data-testid="banner" data-banner-id={b.id}>
          <span className="banner-text">
            {b.message}
            {b.href && (
              <>
                {' '}
                <a href={b.href}>{b.linkLabel ?? 'Open'}</a>
              </>
            )}
          </span>
          {b.dismissible && (
            <button type="button" className="btn btn-ghost btn-sm" aria-label="Dismiss banner" onClick={() => appStore.getState().clearBanner(b.id)}>
              ✕
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
