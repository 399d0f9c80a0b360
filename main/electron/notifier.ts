/**
 * OS toasts for the engine's Notifier port (alerts fired, endpoints disabled).
 *
 * Why: an analyst with Watchpost behind other windows must still see a critical alert. Clicking the
 * toast brings the window forward and asks the renderer to open that alert (SHELL_COMMANDS.navigate).
 * Electron drops click handlers of notifications that were garbage-collected, so the shown ones are
 * kept referenced until clicked or closed (bounded, oldest forgotten first).
 */
import type { Notifier } from '../engine/context.ts';
import type { NotificationLike, NotificationStatic } from './electron-types.ts';

/** Most toasts kept clickable at once; an alert storm must not grow memory without bound. */
export const MAX_LIVE_TOASTS = 50;
const MAX_BODY = 300;

/** Where a clicked toast takes the analyst. */
export type NavigateTarget = { view: 'alerts'; alertId?: string } | { view: 'endpoints' };

export interface DesktopNotifierOptions {
  Notification: NotificationStatic;
  /** Bring the main window forward (no-op if it is gone). */
  focus(): void;
  /** Ask the renderer to show a view (`SHELL_COMMANDS.navigate`). */
  navigate(target: NavigateTarget): void;
}

/** A Notifier backed by Electron `Notification`; silently does nothing where toasts are unsupported. */
export function createDesktopNotifier(opts: DesktopNotifierOptions): Notifier & { readonly liveCount: number } {
  const live = new Set<NotificationLike>();
  return {
    get liveCount() {
      return live.size;
    },
    notify(n) {
      if (!opts.Notification.isSupported()) return;
      const body = n.body.length > MAX_BODY ? `${n.body.slice(0, MAX_BODY - 1)}…` : n.body;
      const toast = new opts.Notification({ title: n.title, body, silent: n.kind === 'info' });
      const forget = () => live.delete(toast);
      toast.on('click', () => {
        forget();
        opts.focus();
        if (n.kind === 'alert') opts.navigate(n.alertId ? { view: 'alerts', alertId: n.alertId } : { view: 'alerts' });
        else if (n.kind === 'endpoint') opts.navigate({ view: 'endpoints' });
      });
      toast.on('close', forget);
      toast.on('failed', forget);
      live.add(toast);
      if (live.size > MAX_LIVE_TOASTS) {
        const oldest = live.values().next().value;
        if (oldest) live.delete(oldest);
      }
      toast.show();
    },
  };
}
