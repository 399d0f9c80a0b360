/**
 * The event store as an engine domain: once started, the head is sealed into compressed blocks in
 * the background (one block per turn of the event loop while there is a block's worth beyond the
 * head's reserve; idle polls once a second). Stop finishes the block in progress (sealing is
 * synchronous) and seals no more.
 */
import type { Domain, DomainContext } from '../../context.ts';
import { startSealer } from './sealer.ts';
import type { Sealer } from './sealer.ts';

export function createEventStoreDomain(ctx: DomainContext): Domain {
  let sealer: Sealer | null = null;
  return {
    handlers: {},
    start() {
      sealer = startSealer(ctx.db, { onError: (err) => console.error('[watchpost] sealing events failed:', err) });
    },
    stop() {
      sealer?.stop();
      sealer = null;
    },
  };
}
