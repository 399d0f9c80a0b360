// Apply the persisted theme before first paint so a light-theme user never sees a dark flash.
// A file, not an inline script, so the strict CSP (script-src 'self') allows it in both modes.
try {
  var t = localStorage.getItem('watchpost.theme');
  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
} catch {}
