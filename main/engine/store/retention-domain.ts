/**
 * Retention as an engine domain: once started, old events are dropped every minute (and once at
 * start) by the policy in the engine settings. A pass never overlaps the previous one.
 */
import type { Domain, DomainContext } from '../context.ts';
import { applyRetention } from './retention.ts';

const EVERY_MS = 60_000;

export interface RetentionDomain extends Domain {
  /** One retention pass now (skipped while one is running). */
  run(): Promise<void>;
}

export function createRetentionDomain(ctx: DomainContext): RetentionDomain {
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  async function run(): Promise<void> {
    if (running) return;
    running = true;
    try {
      await applyRetention(ctx.db, ctx.clock, ctx.settings.retention);
    } catch (err) {
      console.error('[watchpost] retention failed:', err);
    } finally {
      running = false;
    }
  }
  return {
    handlers: {},
    run,
    start() {
      timer = setInterval(() => void run(), EVERY_MS);
      void run();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
