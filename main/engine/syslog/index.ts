/**
 * Syslog (RFC 5424, RFC 3164) and CEF for the `syslog` / `cef` source types: parsers, stream
 * framing, mapping to the envelope and the batching intake. Sockets live in main/servers.
 */
export type { LineContext, SyslogSourceType } from './to-event.ts';
export { StreamFramer, trimFrame } from './framing.ts';
export type { Frame, DecodedFrame } from './framing.ts';
export type { FrameMeta, OfferResult, SyslogIntakeDeps } from './intake.ts';
export type { ListenerSpec } from './listener-specs.ts';
export type { SyslogPort } from './port.ts';
