/**
 * The syslog/CEF ports: one UDP socket and one TCP server per `syslog`/`cef` source with a
 * `listenPort`, on the ingest host. Re-synced on every source change (new → start; deleted,
 * inactive or port/type changed → stop). A port that cannot be bound is logged with the source
 * and port, shown in `states()`, retried on the next source change, and never stops the rest of
 * Watchpost. TCP connections that hit the rate limit stop being read until tokens refill
 * (back-pressure, nothing lost); UDP cannot push back, so over-limit datagrams are dropped and
 * counted as rate-limited.
 */
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6 } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Engine } from '../engine/engine.ts';
import { StreamFramer, trimFrame } from '../engine/syslog/index.ts';
import type { Frame, ListenerSpec } from '../engine/syslog/index.ts';
import { STREAM_LISTENER_LIMITS, createConnectionGuard, guardIdle } from './connection-guard.ts';
import type { ConnectionGuard, StreamLimits } from './connection-guard.ts';

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


interface Running {
  spec: ListenerSpec;
  key: string;
  udp: UdpSocket | null;
  tcp: Server | null;
  udpState: string;
  tcpState: string;
  conns: Set<Socket>;
  timers: Set<NodeJS.Timeout>;
  guard: ConnectionGuard;
}

function describe(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE') return 'port in use';
  if (code === 'EACCES') return 'permission denied (ports below 1024 need privileges)';
  if (code === 'EADDRNOTAVAIL') return 'address not available on this machine';
  return (err as Error).message ?? String(err);
}

function peerOf(addr: string | undefined): string | undefined {
  return addr?.startsWith('::ffff:') ? addr.slice(7) : addr;
}

/** Start the listeners for the current sources and follow source changes. Never throws on a busy port. */
export async function startSyslogListeners(engine: Engine, host: string, limitsIn: Partial<StreamLimits> = {}): Promise<SyslogListeners> {
  const limits: StreamLimits = { ...STREAM_LISTENER_LIMITS, ...limitsIn };
  const intake = engine.syslog.createIntake();
  const running = new Map<string, Running>();
  let specs: ListenerSpec[] = [];
  let syncing: Promise<void> | null = null;
  let again = false;
  let closed = false;
  /** Last error logged per source/protocol/port, so a port that stays busy is logged once, not on every retry. */
  const logged = new Map<string, string>();

  function acceptFrames(r: Running, frames: Frame[], peer: string | undefined, from: number, resume: () => void): number {
    // Returns the index of the first frame not yet taken (frames.length when all were).
    for (let i = from; i < frames.length; i++) {
      const f = frames[i]!;
      if ('rejected' in f) {
        intake.reject(r.spec.sourceId);
        continue;
      }
      const res = intake.offer(r.spec.sourceId, r.spec.type, f.data, { transport: 'tcp', ...(peer ? { peerAddress: peer } : {}) }, true);
      if (typeof res === 'object') {
        const t = setTimeout(() => {
          r.timers.delete(t);
          resume();
        }, res.wait);
        r.timers.add(t);
        return i;
      }
    }
    return frames.length;
  }

  function onConnection(r: Running, sock: Socket): void {
    if (r.guard.admit(sock)) {
      sock.destroy(); // syslog has no way to say why: the guard logs it
      return;
    }
    guardIdle(sock, limits);
    r.conns.add(sock);
    const framer = new StreamFramer();
    const peer = peerOf(sock.remoteAddress);
    let backlog: Frame[] = [];
    let at = 0;
    let paused = false;
    const drain = (): void => {
      at = acceptFrames(r, backlog, peer, at, drain);
      if (at < backlog.length) {
        if (!paused) sock.pause();
        paused = true;
        return;
      }
      backlog = [];
      at = 0;
      if (paused && !sock.destroyed) sock.resume();
      paused = false;
    };
    sock.on('data', (chunk: Buffer) => {
      for (const f of framer.push(chunk)) backlog.push(f);
      if (!paused) drain();
    });
    sock.on('end', () => {
      for (const f of framer.end()) backlog.push(f);
      if (!paused) drain();
      sock.end();
    });
    sock.on('error', () => sock.destroy());
    sock.on('close', () => r.conns.delete(sock));
  }

  async function start(spec: ListenerSpec, key: string): Promise<void> {
    const r: Running = { spec, key, udp: null, tcp: null, udpState: 'starting', tcpState: 'starting', conns: new Set(), timers: new Set(),
      guard: createConnectionGuard(`syslog TCP port ${spec.port} (source "${spec.sourceName}")`, limits) };
    running.set(spec.sourceId, r);
    const where = `${host.includes(':') ? `[${host}]` : host}:${spec.port}`;
    const fail = (proto: 'UDP' | 'TCP', err: unknown): string => {
      const why = describe(err);
      const logKey = `${spec.sourceId}|${proto}|${spec.port}`;
      if (logged.get(logKey) !== why) console.error(`[watchpost] syslog: cannot listen on ${proto} ${where} for source "${spec.sourceName}" (${spec.sourceId}): ${why}`);
      logged.set(logKey, why);
      return `error: ${why}`;
    };
    const udp = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
    const udpReady = new Promise<void>((resolve) => {
      udp.on('error', (err) => {
        r.udpState = fail('UDP', err);
        r.udp = null;
        try {
          udp.close();
        } catch {
          // never bound: nothing to close
        }
        resolve();
      });
      udp.bind(spec.port, host, () => {
        r.udp = udp;
        r.udpState = 'listening';
        logged.delete(`${spec.sourceId}|UDP|${spec.port}`);
        try {
          udp.setRecvBufferSize(4 * 1024 * 1024); // absorb bursts; the OS may cap it
        } catch {
          // keep the default buffer
        }
        resolve();
      });
    });
    udp.on('message', (msg, rinfo) => {
      intake.offer(spec.sourceId, spec.type, trimFrame(msg), { transport: 'udp', peerAddress: peerOf(rinfo.address) ?? rinfo.address }, false);
    });
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
    if (r.udp) {
      const udp = r.udp;
      waits.push(new Promise((resolve) => udp.close(() => resolve())));
    }
    if (r.tcp) {
      const tcp = r.tcp;
      waits.push(new Promise((resolve) => tcp.close(() => resolve())));
      for (const c of r.conns) c.destroy();
    }
    await Promise.all(waits);
  }

  async function syncOnce(): Promise<void> {
    specs = engine.syslog.listenerSpecs();
    const wanted = new Map(specs.filter((s) => s.active).map((s) => [s.sourceId, s]));
    const keyOf = (s: ListenerSpec) => `${s.type}|${s.port}`;
    const stops: Promise<void>[] = [];
    for (const r of [...running.values()]) {
      const want = wanted.get(r.spec.sourceId);
      const failed = r.udp === null || r.tcp === null;
      if (!want || keyOf(want) !== r.key || failed) stops.push(stop(r));
      else r.spec = want; // a rename keeps the sockets
    }
    await Promise.all(stops); // free the ports before another source may take them
    if (closed) return;
    await Promise.all([...wanted.values()].filter((s) => !running.has(s.sourceId)).map((s) => start(s, keyOf(s))));
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
        console.error('[watchpost] syslog: listener sync failed:', err);
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  }

  const unsubscribe = engine.syslog.onSourcesChange(() => {
    if (!closed) void requestSync();
  });
  await requestSync();

  return {
    states() {
      return specs.map((s) => {
        const r = running.get(s.sourceId);
        const base = { sourceId: s.sourceId, sourceName: s.sourceName, type: s.type, host, port: s.port };
        if (!s.active) return { ...base, udp: 'inactive', tcp: 'inactive' };
        if (!r) return { ...base, udp: 'starting', tcp: 'starting' };
        return { ...base, port: r.spec.port, udp: r.udpState, tcp: r.tcpState };
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
