import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  applySessionSecurity,
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  hardenWebContents,
  inlineScriptHashes,
  isExternalWebUrl,
  withSecurityHeaders,
} from '../../main/electron/security.ts';
import { createFakeElectron, FakeWebContents, preventable } from './fake-electron.ts';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

describe('content security policy', () => {
  it('allows only the app itself to supply script, style, connections and images', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toBe("'self'");
    expect(d.get('script-src')).toBe("'self'");
    expect(d.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(d.get('connect-src')).toBe("'self'");
    expect(d.get('img-src')).toBe("'self' data:");
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('admits inline scripts only by their exact hash', () => {
    const body = "\n  document.documentElement.dataset.theme = 'dark';\n";
    const html = `<html><head><script>${body}</script><script type="module" crossorigin src="./assets/index.js"></script></head></html>`;
    const expected = `sha256-${createHash('sha256').update(body).digest('base64')}`;
    expect(inlineScriptHashes(html)).toEqual([expected]);
    expect(directives(contentSecurityPolicy([expected])).get('script-src')).toBe(`'self' '${expected}'`);
    expect(inlineScriptHashes('<script src="a.js"></script><p>no inline</p>')).toEqual([]);
  });

  it('replaces any CSP the response carried, whatever its spelling, and forbids sniffing', () => {
    const out = withSecurityHeaders({
      'content-security-policy': ['default-src *'],
      'Content-Security-Policy-Report-Only': ['x'],
      'Content-Type': ['text/html'],
    });
    expect(out).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'X-Content-Type-Options': ['nosniff'],
    });
  });

  it('installs the header hook and refuses every permission but clipboard write on the session', () => {
    const fake = createFakeElectron();
    applySessionSecurity(fake.electron.session.defaultSession, 'default-src none');
    let headers: Record<string, string[] | string> | undefined;
    fake.state.headersListener!({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers?.['Content-Security-Policy']).toEqual(['default-src none']);
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'display-capture', 'unknown']) {
      let granted: boolean | undefined;
      fake.state.permissionRequestHandler!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(fake.state.permissionCheckHandler!({}, permission), permission).toBe(false);
    }
    let copy: boolean | undefined;
    fake.state.permissionRequestHandler!({}, 'clipboard-sanitized-write', (g) => (copy = g));
    expect(copy).toBe(true);
    expect(fake.state.permissionCheckHandler!({}, 'clipboard-sanitized-write')).toBe(true);
  });
});

describe('web contents hardening', () => {
  function hardened() {
    const fake = createFakeElectron();
    const contents = new FakeWebContents();
    hardenWebContents(contents, fake.electron.shell);
    return { fake, contents };
  }

  it('prevents every navigation, redirect and webview attach', () => {
    const { contents } = hardened();
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = preventable();
      contents.emit(event, e, 'https://evil.example/');
      expect(e.defaultPrevented, event).toBe(true);
    }
  });

  it('denies new windows and hands only http(s) links to the OS browser', async () => {
    const { fake, contents } = hardened();
    for (const url of ['https://docs.example/x', 'http://lan-host:8080/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://share', 'not a url']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(fake.state.openedExternal).toEqual(['https://docs.example/x', 'http://lan-host:8080/']);
  });

  it('recognises web URLs strictly', () => {
    expect(isExternalWebUrl('https://a.b')).toBe(true);
    expect(isExternalWebUrl('HTTP://A.B/')).toBe(true);
    expect(isExternalWebUrl('file:///x')).toBe(false);
    expect(isExternalWebUrl('//a.b')).toBe(false);
  });
});
