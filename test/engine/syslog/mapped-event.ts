/** The envelope fields the syslog/CEF mapping tests read from `syslogLineToEvent`'s loose record. */
export interface MappedEvent {
  timestamp?: string;
  ts?: number;
  severity?: string;
  message?: string;
  host?: string;
  raw: Record<string, unknown>;
}

/** Narrow a mapped record for the tests; every mapped event carries a `raw` object. */
export function mapped(ev: Record<string, unknown>): MappedEvent {
  if (typeof ev.raw !== 'object' || ev.raw === null) throw new Error(`mapped event without raw: ${JSON.stringify(ev)}`);
  return ev as Record<string, unknown> & MappedEvent;
}
