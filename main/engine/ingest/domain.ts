/**
 * Ingest as an engine domain: no API methods (events arrive on the ingest server and the syslog and
 * GELF sockets, all in main/servers), but the service those servers call and the ports they use.
 */
import type { Domain, DomainContext } from '../context.ts';
import { createSyslogPort } from '../syslog/port.ts';
import type { SyslogPort } from '../syslog/port.ts';
import { IngestService } from './service.ts';
import { createIntakePort } from '../intake/port.ts';
import type { IntakePort } from '../intake/port.ts';

export interface IngestDomain extends Domain {
  readonly service: IngestService;
  readonly syslog: SyslogPort;
  /** The shippers' protocols (HEC, _bulk, Loki, OTLP, GELF, Seq): the gate their routes use and the GELF sockets' port. */
  readonly intake: IntakePort;
}

export function createIngestDomain(ctx: DomainContext): IngestDomain {
  const { db, clock, writer, security, sources } = ctx;
  const service = new IngestService({ clock, cache: sources, writer, security });
  return {
    handlers: {},
    service,
    syslog: createSyslogPort({ db, sources, clock, ingest: service, writer }),
    intake: createIntakePort({ db, sources, clock, service, writer }),
  };
}
