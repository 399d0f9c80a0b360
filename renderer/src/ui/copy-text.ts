/**
 * Copy to the clipboard. navigator.clipboard needs a secure context (https, localhost or file://);
 * a console opened over a LAN address is not one, so fall back to a hidden textarea + execCommand.
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard && globalThis.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission denied or unfocused document: try the legacy path.
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  const active = doc.activeElement as HTMLElement | null;
  area.select();
  let ok = false;
  try {
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  }
  area.value = '';
  area.remove();
  active?.focus?.();
  return ok;
}
