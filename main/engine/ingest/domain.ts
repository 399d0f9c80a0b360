/**
 * Ingest as an engine domain: no API methods (events arrive on the ingest server and the syslog
 * sockets, both in main/http), but the service those servers call and the syslog port they use.
 */
import type { Domain, DomainContext } from '../context.ts';
import { createSyslogPort } from '../syslog/port.ts';
import type { SyslogPort } from '../syslog/port.ts';
import { IngestService } from './service.ts';

export interface IngestDomain extends Domain {
  readonly service: IngestService;
  readonly syslog: SyslogPort;
}

export function createIngestDomain(ctx: DomainContext): IngestDomain {
  const { db, clock, writer, security, sources } = ctx;
  const service = new IngestService({ clock, cache: sources, writer, security });
  return { handlers: {}, service, syslog: createSyslogPort({ db, sources, clock, ingest: service, writer }) };
}
