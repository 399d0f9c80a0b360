/**
 * Hardening that applies to every web page Electron shows: a strict Content-Security-Policy,
 * no navigation away from the app, no new windows, no permission grants (bar clipboard write).
 *
 * Why: the renderer displays attacker-controlled text (log messages from the LAN). If any of it ever
 * slipped past React's escaping, these rules keep it from running script, loading remote content,
 * opening windows or reaching the camera/microphone/notifications APIs.
 */
import { createHash } from 'node:crypto';
import { contentSecurityPolicy } from '../../shared/csp.ts';
import type { SessionLike, ShellLike, WebContentsLike, PreventableEvent, WindowOpenDetails } from './electron-types.ts';

export { contentSecurityPolicy };

/** The policy with no inline script allowed. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** CSP hash sources for each inline (no src attribute) <script> of an HTML document. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    if (/\ssrc\s*=/i.test(attrs) || body.length === 0) continue;
    hashes.push(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`);
  }
  return [...new Set(hashes)];
}

/**
 * Replace any CSP the response carries with ours (header names are case-insensitive, so every
 * spelling of an existing one is dropped) and forbid MIME sniffing.
 */
export function withSecurityHeaders(
  headers: Record<string, string[] | string> | undefined,
  policy: string = CONTENT_SECURITY_POLICY,
): Record<string, string[] | string> {
  const out: Record<string, string[] | string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    if (lower === 'x-content-type-options') continue;
    out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}

/**
 * The only permission the page gets: writing (never reading) sanitized text to the clipboard, so the
 * "copy ingest key" button works without the execCommand fallback. Camera, microphone, location,
 * notifications (toasts come from the main process), clipboard read, etc. are all refused.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Session-wide rules: CSP on every response, every permission refused but clipboard write. */
export function applySessionSecurity(session: SessionLike, policy: string = CONTENT_SECURITY_POLICY): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders, policy) });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(GRANTED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_webContents, permission) => GRANTED_PERMISSIONS.has(permission));
}

/** True for links we are willing to hand to the OS browser: absolute http(s) URLs only. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Per-page rules: the page may never navigate itself away, never open a window (http(s) links go to
 * the OS browser instead; file:, javascript:, custom schemes are dropped) and never embed a webview.
 */
export function hardenWebContents(contents: WebContentsLike, shell: ShellLike): void {
  contents.on('will-navigate', (event: PreventableEvent) => event.preventDefault());
  contents.on('will-redirect', (event: PreventableEvent) => event.preventDefault());
  contents.on('will-attach-webview', (event: PreventableEvent) => event.preventDefault());
  contents.setWindowOpenHandler((details: WindowOpenDetails) => {
    if (isExternalWebUrl(details.url)) {
      shell.openExternal(details.url).catch(() => undefined);
    }
    return { action: 'deny' };
  });
}
