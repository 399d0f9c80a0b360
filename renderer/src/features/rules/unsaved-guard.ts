/**
 * "Leave with unsaved changes?" for the rule editor (issue 10 item 8): while the draft differs from
 * what was loaded, leaving by any link, nav shortcut or Cancel asks first, and closing or reloading
 * the window gets the browser's own prompt. Saving or discarding lifts the guard.
 */
import { useEffect } from 'react';
import type { RefObject } from 'react';
import { mayLeave, setLeaveGuard } from '../../router.ts';

/** The question asked before unsaved edits are dropped. */
export const LEAVE_QUESTION = 'This rule has unsaved changes. Leave and discard them?';

/** While `dirty`, guard every way out of the screen; `bypass` is set while saving or deleting (leaving is then the point). */
export function useUnsavedGuard(dirty: boolean, bypass: RefObject<boolean>): void {
  useEffect(() => {
    if (!dirty) return;
    setLeaveGuard(() => bypass.current || window.confirm(LEAVE_QUESTION));
    // Links (nav, breadcrumbs) change the hash directly: stop the click before it lands.
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a[href^="#"]');
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      if (!mayLeave()) {
        e.preventDefault();
        e.stopPropagation();
      } else setLeaveGuard(null);
    };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (bypass.current) return;
      e.preventDefault();
      e.returnValue = '';
    };
    document.addEventListener('click', onClick, true);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      setLeaveGuard(null);
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [dirty, bypass]);
}
