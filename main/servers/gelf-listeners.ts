/**
 * The GELF ports: one UDP socket (plain, zlib, gzip or chunked datagrams) and one TCP server
 * (NUL-delimited) per `gelf` source with a `listenPort`, on the ingest host, kept in step with the
 * sources by port-listeners.ts. TCP senders over the rate limit are paused until tokens refill
 * (nothing lost); UDP cannot push back, so over-limit datagrams are dropped and counted as
 * rate-limited. Chunked messages that never complete are counted as rejected.
 */
import { GelfChunkAssembler, NullFramer } from '../engine/intake/index.ts';
import type { GelfListenerSpec, IntakePort } from '../engine/intake/index.ts';
import type { StreamLimits } from './connection-guard.ts';
import { pipeFrames, startPortListeners } from './port-listeners.ts';
import type { Listener } from './port-listeners.ts';

/** Per listener: 'listening', 'starting', 'inactive' or 'error: …'. */
export interface GelfListenerState {
  sourceId: string;
  sourceName: string;
  port: number;
  udp: string;
  tcp: string;
}

export interface GelfListeners {
  states(): GelfListenerState[];
  /** Resolves once the latest source change has been applied to the sockets. */
  settled(): Promise<void>;
  /** Stop listening, then commit what is batched. */
  close(): Promise<void>;
}

/** Start the GELF listeners for the current sources and follow source changes. Never throws on a busy port. */
export async function startGelfListeners(port: IntakePort, host: string, limits: Partial<StreamLimits> = {}): Promise<GelfListeners> {
  const intake = port.createGelfIntake();
  const chunks = new WeakMap<Listener<GelfListenerSpec>, GelfChunkAssembler>();
  const set = await startPortListeners<GelfListenerSpec>({
    name: 'GELF',
    host,
    limits,
    specs: () => port.gelfListenerSpecs(),
    keyOf: () => 'gelf',
    onSourcesChange: port.onSourcesChange,
    onDatagram(l, msg) {
      let asm = chunks.get(l);
      if (!asm) chunks.set(l, (asm = new GelfChunkAssembler()));
      const now = Date.now(); // chunk expiry is transport time, not event time
      intake.reject(l.spec.sourceId, asm.expire(now));
      const whole = asm.push(msg, now);
      if (typeof whole === 'string') intake.reject(l.spec.sourceId);
      else if (whole) intake.offer(l.spec.sourceId, whole);
    },
    onConnection(l, sock) {
      pipeFrames(l, sock, new NullFramer(), (f) => {
        if (!Buffer.isBuffer(f)) {
          intake.reject(l.spec.sourceId); // over 1 MB: skipped to its NUL
          return null;
        }
        const res = intake.offer(l.spec.sourceId, f, 'tcp');
        return typeof res === 'object' ? res.wait : null;
      });
    },
    flush: () => intake.flushAll(),
  });
  return {
    states: () => set.states().map(({ spec, udp, tcp }) => ({ sourceId: spec.sourceId, sourceName: spec.sourceName, port: spec.port, udp, tcp })),
    settled: () => set.settled(),
    close: () => set.close(),
  };
}
