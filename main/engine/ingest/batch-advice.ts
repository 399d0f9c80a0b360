/**
 * What a shipper's operator reads when a batch is over the per-request limits (SPEC §3: 500 events,
 * 1 MB). The limits stay; the answer says exactly which setting to lower in the shippers people
 * point at Watchpost (a syslog-ng batch of 600 lines got a bare 400 and the whole batch was lost).
 * Tested snippets that stay inside the limits: docs/ingest-hardening.md, "Shipper batches".
 */
import { INGEST_LIMITS } from '../../../shared/limits.ts';

const MAX = INGEST_LIMITS.maxEventsPerRequest;
const BYTES = INGEST_LIMITS.maxBodyBytes;

/** The per-shipper settings that bound one request, in the shippers' own syntax. */
export const SHIPPER_BATCH_SETTINGS = [
  `syslog-ng http(): batch-lines(${MAX}) batch-bytes(${BYTES})`,
  `rsyslog omhttp: batch.maxsize="${MAX}" batch.maxbytes="${BYTES}"`,
  `Vector http sink: batch.max_events = ${MAX}, batch.max_bytes = ${BYTES}`,
  'Fluent Bit http output: no per-request limit, a request carries one flushed chunk; use Flush 1 and keep the input under the limit per second',
] as const;

/** The 400 message for a body with `total` events (> 500). */
export function tooManyEventsMessage(total: number): string {
  return (
    `the body holds ${total} events; the limit is ${MAX} per request (and ${BYTES} bytes). ` +
    `Nothing was stored: lower the shipper's batch size and resend — ${SHIPPER_BATCH_SETTINGS.join('; ')}`
  );
}
