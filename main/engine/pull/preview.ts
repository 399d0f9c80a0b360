/**
 * Test and discovery (seed 001: "validate credentials and preview log lines", "autocomplete log
 * groups, indexes"). Test really calls the provider for each target and returns up to 20 entries
 * mapped exactly as a poll would store them; nothing is stored and no checkpoint moves. A refusal
 * is data (`targets[].error`), in the provider's words with credentials blanked.
 */
import { validationError } from '../../../shared/errors.ts';
import { PREVIEW_LINES } from '../../../shared/pull.ts';
import type { PullPreviewEvent, PullTargetResult, SourceTestResult } from '../../../shared/types.ts';
import { categoryOf, outcomeOf } from '../ingest/envelope.ts';
import { CONNECTORS } from './connectors/index.ts';
import { toEvent } from './poller.ts';
import type { SourceRunner } from './source-runner.ts';

/** How far back Test looks for lines to preview. */
export const PREVIEW_WINDOW_MS = 24 * 3_600_000;

function preview(e: ReturnType<typeof toEvent>): PullPreviewEvent {
  return {
    timestamp: new Date(e.ts).toISOString(),
    severity: e.severity,
    category: categoryOf(e.categoryIdx),
    host: e.host,
    user: e.user,
    action: e.action,
    outcome: outcomeOf(e.outcomeIdx),
    message: e.message,
    tags: e.tags,
    raw: e.raw,
  };
}

/** Call the provider once per target; the newest window of a day, first 20 entries. */
export async function testTargets(runner: SourceRunner): Promise<SourceTestResult> {
  const { cfg } = runner;
  const conn = CONNECTORS[cfg.type];
  const ctx = runner.context();
  const targets: PullTargetResult[] = [];
  for (const target of cfg.targets) {
    try {
      const now = runner.http.now();
      const page = await conn.page(ctx, target, { start: now - PREVIEW_WINDOW_MS, end: now }, null, PREVIEW_LINES);
      if (page.next && conn.close) await conn.close(ctx, page.next);
      const events = page.entries.slice(0, PREVIEW_LINES).map((e) => preview(toEvent(e, cfg.type, target, now)));
      targets.push({ target, ok: true, preview: events });
    } catch (err) {
      targets.push({ target, ok: false, error: runner.describe(err), preview: [] });
    }
  }
  const failed = targets.filter((t) => !t.ok).length;
  const lines = targets.reduce((n, t) => n + t.preview.length, 0);
  const message =
    failed === 0
      ? `Connected to ${cfg.type}: ${targets.length} target${targets.length === 1 ? '' : 's'} answered, ${lines} preview line${lines === 1 ? '' : 's'} from the last 24 h.`
      : `${failed} of ${targets.length} target${targets.length === 1 ? '' : 's'} failed: ${targets.find((t) => !t.ok)!.error}`;
  return { ok: failed === 0, message, targets };
}

/** Targets the provider lists for autocomplete. */
export async function discoverTargets(runner: SourceRunner): Promise<string[]> {
  try {
    return await CONNECTORS[runner.cfg.type].discover(runner.context());
  } catch (err) {
    throw validationError(`discovery failed: ${runner.describe(err)}`, { field: 'credentials' });
  }
}
