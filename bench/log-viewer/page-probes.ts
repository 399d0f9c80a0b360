/**
 * Functions the benchmark runs inside the Log Viewer page (passed to page.evaluate, so each is
 * self-contained). They drive the real UI through its test ids and time it with
 * performance.now() and requestAnimationFrame.
 */

export interface FirstRowsResult {
  q: string;
  /** Submit click → first frame whose DOM holds a row of the new results. */
  ms: number;
  rows: number;
}

/** Type a query, press Search, and time until the first result row is on screen. */
export async function timeFirstRows(q: string): Promise<FirstRowsResult> {
  const input = document.querySelector<HTMLInputElement>('[data-testid="lv-query-input"]')!;
  const button = document.querySelector<HTMLButtonElement>('[data-testid="lv-query-submit"]')!;
  // React tracks the input's value through its own setter; set it the way typing would.
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  setter.call(input, q);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  // The old results stay until React renders the loading state; a MutationObserver sees that
  // state even when the answer arrives within the same frame.
  let sawLoading = false;
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="lv-loading"]')) sawLoading = true;
  });
  observer.observe(document.body, { childList: true, subtree: true });
  const t0 = performance.now();
  button.click();
  if (document.querySelector('[data-testid="lv-loading"]')) sawLoading = true;
  return new Promise<FirstRowsResult>((resolve, reject) => {
    const deadline = t0 + 30_000;
    const check = (): void => {
      const rows = document.querySelectorAll('[data-testid="lv-row"]');
      if (sawLoading && rows.length > 0) {
        resolve({ q, ms: performance.now() - t0, rows: rows.length });
        return;
      }
      if (document.querySelector('[data-testid="lv-empty"], [data-testid="lv-error"], [data-testid="lv-query-invalid"]') && sawLoading) {
        reject(new Error(`query ${q} produced no rows`));
        return;
      }
      if (performance.now() > deadline) {
        reject(new Error(`no rows for ${q} within 30 s`));
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }).finally(() => observer.disconnect());
}

export interface ScrollResult {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Frames longer than 2 vsyncs (33.4 ms): visible jank. */
  over33: number;
  rowsReached: number;
  /** Frames spent at the bottom waiting for the next page. */
  waitFrames: number;
  seconds: number;
  capped: boolean;
  heapSamplesMb: number[];
}

/**
 * Scroll the grid from top to bottom `pxPerFrame` at a time, one step per animation frame, waiting
 * at the bottom while the next cursor page loads, until the grid says it has reached the end (or
 * the depth cap). Frame times are the intervals between requestAnimationFrame callbacks.
 */
export async function scrollTopToBottom({ pxPerFrame, maxSeconds }: { pxPerFrame: number; maxSeconds: number }): Promise<ScrollResult> {
  const grid = document.querySelector<HTMLElement>('[data-testid="lv-grid"]')!;
  grid.scrollTop = 0;
  const deltas: number[] = [];
  const heap: number[] = [];
  let waitFrames = 0;
  let last = 0;
  const start = performance.now();
  const mem = (): number => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1048576;
  await new Promise<void>((resolve) => {
    const step = (ts: number): void => {
      if (last) deltas.push(ts - last);
      last = ts;
      if (deltas.length % 120 === 0) heap.push(Math.round(mem()));
      const atBottom = grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 2;
      const finished = document.querySelector('[data-testid="lv-end"], [data-testid="lv-cap-notice"]') !== null;
      if ((atBottom && finished) || performance.now() - start > maxSeconds * 1000) {
        resolve();
        return;
      }
      if (atBottom) waitFrames++;
      else grid.scrollTop += pxPerFrame;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  const sorted = [...deltas].sort((a, b) => a - b);
  const pct = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 100) / 100;
  const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="lv-row"]')].map((r) => Number(r.dataset.index));
  return {
    frames: deltas.length,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    max: Math.round((sorted.at(-1) ?? 0) * 100) / 100,
    over33: deltas.filter((d) => d > 33.4).length,
    rowsReached: rows.length ? Math.max(...rows) + 1 : 0,
    waitFrames,
    seconds: Math.round((performance.now() - start) / 100) / 10,
    capped: document.querySelector('[data-testid="lv-cap-notice"]') !== null,
    heapSamplesMb: heap,
  };
}

export interface ScrollBackResult {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** Frames that showed at least one placeholder row (a dropped page being refetched). */
  placeholderFrames: number;
  rowsScrolled: number;
}

/**
 * Jump `jumpRows` up from where the grid is, then scroll on up `pxPerFrame` per frame for
 * `seconds`: those rows were dropped from memory, so this measures refetching pages by cursor.
 */
export async function scrollBackUp({ pxPerFrame, seconds, jumpRows }: { pxPerFrame: number; seconds: number; jumpRows: number }): Promise<ScrollBackResult> {
  const grid = document.querySelector<HTMLElement>('[data-testid="lv-grid"]')!;
  // Jump well above the pages still held in memory first, as dragging the scrollbar would.
  grid.scrollTop = Math.max(0, grid.scrollTop - jumpRows * 28);
  const deltas: number[] = [];
  let placeholderFrames = 0;
  let last = 0;
  const startTop = grid.scrollTop;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const step = (ts: number): void => {
      if (last) deltas.push(ts - last);
      last = ts;
      if (document.querySelector('[data-testid="lv-row-placeholder"]')) placeholderFrames++;
      if (performance.now() - start > seconds * 1000 || grid.scrollTop <= 0) {
        resolve();
        return;
      }
      grid.scrollTop -= pxPerFrame;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  const sorted = [...deltas].sort((a, b) => a - b);
  const pct = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 100) / 100;
  return {
    frames: deltas.length,
    p50: pct(50),
    p95: pct(95),
    max: Math.round((sorted.at(-1) ?? 0) * 100) / 100,
    placeholderFrames,
    rowsScrolled: Math.round((startTop - grid.scrollTop) / 28),
  };
}
