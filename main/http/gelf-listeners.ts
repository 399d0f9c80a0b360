/**
 * The GELF ports: one UDP socket (plain, zlib, gzip or chunked datagrams) and one TCP server
 * (NUL-delimited) per `gelf` source with a `listenPort`, on the ingest host. Re-synced on every
 * source change. A port that cannot be bound is logged once, shown in `states()` and retried on the
 * next source change; it never stops the rest of Watchpost. TCP senders over the rate limit are
 * paused until tokens refill (nothing lost); UDP cannot push back, so over-limit datagrams are
 * dropped and counted as rate-limited.
 */
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6 } from 'node:net';
import type { Server, Socket } from 'node:net';
import { GelfChunkAssembler, NullFramer } from '../engine/intake/index.ts';
import type { GelfListenerSpec, IntakePort } from '../engine/intake/index.ts';
import { STREAM_LISTENER_LIMITS, createConnectionGuard, guardIdle } from './connection-guard.ts';
import type { ConnectionGuard, StreamLimits } from './connection-guard.ts';

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

interface Running {
  spec: GelfListenerSpec;
  udp: UdpSocket | null;
  tcp: Server | null;
  udpState: string;
  tcpState: string;
  conns: Set<Socket>;
  timers: Set<NodeJS.Timeout>;
  chunks: GelfChunkAssembler;
  guard: ConnectionGuard;
}

function why(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE') return 'port in use';
  if (code === 'EACCES') return 'permission denied (ports below 1024 need privileges)';
  return (err as Error).message ?? String(err);
}

/** Start the GELF listeners for the current sources and follow source changes. Never throws on a busy port. */
export async function startGelfListeners(port: IntakePort, host: string, limitsIn: Partial<StreamLimits> = {}): Promise<GelfListeners> {
  const limits: StreamLimits = { ...STREAM_LISTENER_LIMITS, ...limitsIn };
  const intake = port.createGelfIntake();
  const running = new Map<string, Running>();
  let specs: GelfListenerSpec[] = [];
  let syncing: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const logged = new Map<string, string>();

  function onDatagram(r: Running, msg: Buffer): void {
    const now = Date.now(); // chunk expiry is transport time, not event time
    intake.reject(r.spec.sourceId, r.chunks.expire(now));
    const whole = r.chunks.push(msg, now);
    if (typeof whole === 'string') intake.reject(r.spec.sourceId);
    else if (whole) intake.offer(r.spec.sourceId, whole);
  }

  function onConnection(r: Running, sock: Socket): void {
    if (r.guard.admit(sock)) {
      sock.destroy(); // GELF TCP has no refusal message: the guard logs it (docs/ingest-hardening.md)
      return;
    }
    guardIdle(sock, limits);
    r.conns.add(sock);
    const framer = new NullFramer();
    let backlog: (Buffer | { tooLarge: number })[] = [];
    let paused = false;
    const drain = (): void => {
      while (backlog.length) {
        const f = backlog[0]!;
        if (!Buffer.isBuffer(f)) intake.reject(r.spec.sourceId);
        else {
          const res = intake.offer(r.spec.sourceId, f, true);
          if (typeof res === 'object') {
            if (!paused) sock.pause();
            paused = true;
            const t = setTimeout(() => {
              r.timers.delete(t);
              drain();
            }, res.wait);
            r.timers.add(t);
            return;
          }
        }
        backlog.shift();
      }
      if (paused && !sock.destroyed) sock.resume();
      paused = false;
    };
    sock.on('data', (chunk: Buffer) => {
      backlog.push(...framer.push(chunk));
      if (!paused) drain();
    });
    sock.on('end', () => {
      backlog.push(...framer.end());
      if (!paused) drain();
      sock.end();
    });
    sock.on('error', () => sock.destroy());
    sock.on('close', () => {
      r.conns.delete(sock);
      backlog = [];
    });
  }

  async function start(spec: GelfListenerSpec): Promise<void> {
    const r: Running = { spec, udp: null, tcp: null, udpState: 'starting', tcpState: 'starting', conns: new Set(), timers: new Set(), chunks: new GelfChunkAssembler(),
      guard: createConnectionGuard(`GELF TCP port ${spec.port} (source "${spec.sourceName}")`, limits) };
    running.set(spec.sourceId, r);
    const fail = (proto: 'UDP' | 'TCP', err: unknown): string => {
      const reason = why(err);
      const key = `${spec.sourceId}|${proto}|${spec.port}`;
      if (logged.get(key) !== reason) console.error(`[watchpost] gelf: cannot listen on ${proto} ${host}:${spec.port} for source "${spec.sourceName}" (${spec.sourceId}): ${reason}`);
      logged.set(key, reason);
      return `error: ${reason}`;
    };
    const udp = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
    const udpReady = new Promise<void>((resolve) => {
      udp.on('error', (err) => {
        r.udpState = fail('UDP', err);
        r.udp = null;
        try {
          udp.close();
        } catch {
          // never bound
        }
        resolve();
      });
      udp.bind(spec.port, host, () => {
        r.udp = udp;
        r.udpState = 'listening';
        logged.delete(`${spec.sourceId}|UDP|${spec.port}`);
        resolve();
      });
    });
    udp.on('message', (msg) => onDatagram(r, msg));
    const tcp = createServer((sock) => onConnection(r, sock));
    const tcpReady = new Promise<void>((resolve) => {
      tcp.on('error', (err) => {
        r.tcpState = fail('TCP', err);
        if (r.tcp) tcp.close();
        r.tcp = null;
        resolve();
      });
      tcp.listen({ host, port: spec.port }, () => {
        r.tcp = tcp;
        r.tcpState = 'listening';
        logged.delete(`${spec.sourceId}|TCP|${spec.port}`);
        resolve();
      });
    });
    await Promise.all([udpReady, tcpReady]);
  }

  async function stop(r: Running): Promise<void> {
    running.delete(r.spec.sourceId);
    for (const t of r.timers) clearTimeout(t);
    const waits: Promise<void>[] = [];
    const { udp, tcp } = r;
    if (udp) waits.push(new Promise((resolve) => udp.close(() => resolve())));
    if (tcp) {
      waits.push(new Promise((resolve) => tcp.close(() => resolve())));
      for (const c of r.conns) c.destroy();
    }
    await Promise.all(waits);
  }

  async function syncOnce(): Promise<void> {
    specs = port.gelfListenerSpecs();
    const wanted = new Map(specs.filter((s) => s.active).map((s) => [s.sourceId, s]));
    const stops: Promise<void>[] = [];
    for (const r of [...running.values()]) {
      const want = wanted.get(r.spec.sourceId);
      if (!want || want.port !== r.spec.port || r.udp === null || r.tcp === null) stops.push(stop(r));
      else r.spec = want;
    }
    await Promise.all(stops);
    if (closed) return;
    await Promise.all([...wanted.values()].filter((s) => !running.has(s.sourceId)).map(start));
  }

  function requestSync(): Promise<void> {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      try {
        do {
          again = false;
          await syncOnce();
        } while (again && !closed);
      } catch (err) {
        console.error('[watchpost] gelf: listener sync failed:', err);
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  }

  const unsubscribe = port.onSourcesChange(() => {
    if (!closed) void requestSync();
  });
  await requestSync();

  return {
    states() {
      return specs.map((s) => {
        const r = running.get(s.sourceId);
        const base = { sourceId: s.sourceId, sourceName: s.sourceName, port: s.port };
        if (!s.active) return { ...base, udp: 'inactive', tcp: 'inactive' };
        if (!r) return { ...base, udp: 'starting', tcp: 'starting' };
        return { ...base, udp: r.udpState, tcp: r.tcpState };
      });
    },
    async settled() {
      while (syncing) await syncing;
    },
    async close() {
      closed = true;
      unsubscribe();
      while (syncing) await syncing;
      await Promise.all([...running.values()].map(stop));
      await intake.flushAll();
    },
  };
}
