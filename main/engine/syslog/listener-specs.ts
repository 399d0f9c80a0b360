/**
 * Which syslog/CEF listeners should exist: one per `syslog`/`cef` source with a `listenPort`.
 * The port lives in `sources.listen_port`, which the hot-path source cache does not carry, so it
 * is read here on each (rare) config change.
 */
import type { Db } from '../store/db.ts';
import type { SourceDirectory } from '../context.ts';
import type { SyslogSourceType } from './to-event.ts';

export interface ListenerSpec {
  sourceId: string;
  sourceName: string;
  type: SyslogSourceType;
  port: number;
  active: boolean;
}

/** Every syslog/cef source with a port, active or not (inactive ones are listed so their state can be shown). */
export function listenerSpecs(db: Db, sources: SourceDirectory): ListenerSpec[] {
  const rows = db.prepare("SELECT id, type, listen_port FROM sources WHERE type IN ('syslog', 'cef') AND listen_port IS NOT NULL ORDER BY seq").all() as {
    id: string;
    type: SyslogSourceType;
    listen_port: number;
  }[];
  const out: ListenerSpec[] = [];
  for (const r of rows) {
    const info = sources.byId(r.id);
    if (!info) continue;
    out.push({ sourceId: r.id, sourceName: info.name, type: r.type, port: r.listen_port, active: info.active });
  }
  return out;
}
