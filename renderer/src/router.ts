/**
 * Hash routing (`#/settings/sources/ls_…`): works the same from file:// in Electron and from the
 * console server, and needs no server-side fallback. Routes are matched by path prefix; whatever
 * follows the matched prefix is handed to the screen (e.g. a source id).
 */
import { useSyncExternalStore } from 'react';

export interface RouteMatch<R extends { path: string }> {
  route: R;
  /** Path segments after the route's own path, joined by '/' ('' when none). */
  rest: string;
}

/** Normalise a hash ('#/a/b/', '#a/b', '') to 'a/b'. A '?query' part (Log Viewer deep links) is the screen's own. */
export function pathFromHash(hash: string): string {
  return hash.replace(/^#/, '').split('?')[0]!.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Longest route path that is the whole path or a '/'-bounded prefix of it. */
export function matchRoute<R extends { path: string }>(routes: readonly R[], path: string): RouteMatch<R> | null {
  let best: RouteMatch<R> | null = null;
  for (const route of routes) {
    if (path === route.path || path.startsWith(`${route.path}/`)) {
      if (!best || route.path.length > best.route.path.length) {
        best = { route, rest: path.slice(route.path.length).replace(/^\//, '') };
      }
    }
  }
  return best;
}

function subscribe(fn: () => void): () => void {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

/** Current route path, re-rendering on hash changes. */
export function useHashPath(): string {
  return useSyncExternalStore(subscribe, () => pathFromHash(window.location.hash));
}

/** Asked before `navigate` leaves the screen; false keeps the user where they are (unsaved edits). */
let leaveGuard: (() => boolean) | null = null;

/** Install (or clear, with null) the guard a screen with unsaved edits puts up. */
export function setLeaveGuard(guard: (() => boolean) | null): void {
  leaveGuard = guard;
}

/** True when the current screen allows leaving (no guard, or the user confirmed). */
export function mayLeave(): boolean {
  return leaveGuard === null || leaveGuard();
}

export function navigate(path: string): void {
  if (!mayLeave()) return;
  window.location.hash = `#/${path}`;
}

export function hrefFor(path: string): string {
  return `#/${path}`;
}
