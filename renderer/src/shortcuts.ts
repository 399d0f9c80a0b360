/**
 * Global keyboard shortcuts as key sequences ("g h" = press g, then h within a second). Keys typed
 * into inputs are never shortcuts, and "/" is left to the Log Viewer, which focuses its query bar.
 */

export interface Shortcut {
  keys: string;
  description: string;
  run(): void;
}

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: unknown;
}

export const SEQUENCE_TIMEOUT_MS = 1000;

/** True when the event comes from a place where typing text is expected. */
export function isTypingTarget(target: unknown): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes((el.type ?? 'text').toLowerCase());
}

/** Returns a keydown handler; it reports whether the key was consumed by a shortcut. */
export function createShortcutHandler(shortcuts: readonly Shortcut[], now: () => number = () => Date.now()): (e: KeyLike) => boolean {
  let pending = '';
  let pendingAt = 0;
  return (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) {
      pending = '';
      return false;
    }
    if (e.key.length !== 1) return false;
    const t = now();
    const seq = pending && t - pendingAt <= SEQUENCE_TIMEOUT_MS ? `${pending} ${e.key}` : e.key;
    const exact = shortcuts.find((s) => s.keys === seq);
    if (exact) {
      pending = '';
      exact.run();
      return true;
    }
    if (shortcuts.some((s) => s.keys.startsWith(`${seq} `))) {
      pending = seq;
      pendingAt = t;
      return true;
    }
    // A fresh single key may still start or finish a sequence on its own.
    pending = '';
    const single = shortcuts.find((s) => s.keys === e.key);
    if (single) {
      single.run();
      return true;
    }
    if (shortcuts.some((s) => s.keys.startsWith(`${e.key} `))) {
      pending = e.key;
      pendingAt = t;
      return true;
    }
    return false;
  };
}
