/**
 * The syslog/CEF ports: one UDP socket and one TCP server per `syslog`/`cef` source with a
 * `listenPort`, on the ingest host, kept in step with the sources by port-listeners.ts (busy ports
 * are a listener state, never a crash). TCP connections that hit the rate limit stop being read
 * until tokens refill (back-pressure, nothing lost); UDP cannot push back, so over-limit datagrams
 * are dropped and counted as rate-limited.
 */
import type { Engine } from '../engine/engine.ts';
import { StreamFramer, trimFrame } from '../engine/syslog/index.ts';
import type { ListenerSpec } from '../engine/syslog/index.ts';
import type { StreamLimits } from './connection-guard.ts';
import type { PortListenerOptions } from './port-listeners.ts';
import { pipeFrames, startPortListeners } from './port-listeners.ts';

/** What the UI can show per listener: 'listening', 'starting', 'inactive' or 'error: …'. */
export interface SyslogListenerState {
  sourceId: string;
  sourceName: string;
  type: 'syslog' | 'cef';
  host: string;
  port: number;
  udp: string;
  tcp: string;
}

export interface SyslogListeners {
  /** One row per syslog/cef source with a port. */
  states(): SyslogListenerState[];
  /** Resolves once the latest source change has been applied to the sockets. */
  settled(): Promise<void>;
  /** Stop listening, then commit what is batched. */
  close(): Promise<void>;
}

function peerOf(addr: string | undefined): string | undefined {
  return addr?.startsWith('::ffff:') ? addr.slice(7) : addr;
}

/** Start the listeners for the current sources and follow source changes. Never throws on a busy port. */
export async function startSyslogListeners(
  engine: Engine,
  host: string,
  limits: Partial<StreamLimits> = {},
  tls: PortListenerOptions<ListenerSpec>['tls'] = null,
): Promise<SyslogListeners> {
  const intake = engine.syslog.createIntake();
  const set = await startPortListeners<ListenerSpec>({
    name: 'syslog',
    host,
    limits,
    tls,
    specs: () => engine.syslog.listenerSpecs(),
    keyOf: (s) => s.type,
    onSourcesChange: engine.syslog.onSourcesChange,
    onDatagram(l, msg, rinfo) {
      intake.offer(l.spec.sourceId, l.spec.type, trimFrame(msg), { transport: 'udp', peerAddress: peerOf(rinfo.address) ?? rinfo.address }, false);
    },
    onConnection(l, sock, transport) {
      const peer = peerOf(sock.remoteAddress);
      pipeFrames(l, sock, new StreamFramer(), (f) => {
        if ('rejected' in f) {
          intake.reject(l.spec.sourceId);
          return null;
        }
        const res = intake.offer(l.spec.sourceId, l.spec.type, f.data, { transport, ...(peer ? { peerAddress: peer } : {}) }, true);
        return typeof res === 'object' ? res.wait : null;
      });
    },
    flush: () => intake.flushAll(),
  });
  return {
    states: () =>
      set.states().map(({ spec, udp, tcp }) => ({ sourceId: spec.sourceId, sourceName: spec.sourceName, type: spec.type, host, port: spec.port, udp, tcp })),
    settled: () => set.settled(),
    close: () => set.close(),
  };
}
