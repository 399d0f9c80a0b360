/** The Content-Security-Policy of the app's pages, one definition for the desktop shell and the headless console. */

/**
 * The policy for the app's pages (SPEC §1: the UI loads only its own files), in both modes. `scriptHashes`
 * ('sha256-…' sources from `inlineScriptHashes`) admit exactly the inline scripts the renderer build
 * ships, e.g. the pre-paint theme snippet, and nothing else.
 */
export function contentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes.map((h) => `'${h}'`)].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
