/**
 * One UDP socket and one TCP server per source with a `listenPort`, kept in step with the sources:
 * the machinery the syslog/CEF and GELF listeners share. Re-synced on every source change (new →
 * start; deleted, inactive or port/type changed → stop; a rename keeps the sockets). A port that
 * cannot be bound is logged once with the source and port, shown in `states()`, retried on the
 * next source change, and never stops the rest of Watchpost. TCP connections pass the connection
 * guard (caps, first-byte and idle deadlines); `pipeFrames` gives them back-pressure at the rate
 * limit. What a datagram or a frame means is the caller's.
 */
import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6 } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import { STREAM_LISTENER_LIMITS, TLS_HANDSHAKE_BYTE, createConnectionGuard, guardIdle, sniffFirstByte } from './connection-guard.ts';
import type { ConnectionGuard, StreamLimits } from './connection-guard.ts';

export interface PortSpec {
  sourceId: string;
  sourceName: string;
  port: number;
  active: boolean;
}

/** One running pair of sockets; `spec` follows renames. */
export interface Listener<S extends PortSpec> {
  spec: S;
  key: string;
  udp: UdpSocket | null;
  tcp: Server | null;
  udpState: string;
  tcpState: string;
  conns: Set<Socket>;
  timers: Set<NodeJS.Timeout>;
  guard: ConnectionGuard;
}

export interface PortListenerOptions<S extends PortSpec> {
  /** For log lines and the guard's label: 'syslog', 'GELF'. */
  name: string;
  host: string;
  limits?: Partial<StreamLimits>;
  specs(): S[];
  /** What, besides the port, restarts the sockets when it changes (the syslog/cef type). */
  keyOf(spec: S): string;
  onSourcesChange(fn: () => void): () => void;
  onDatagram(l: Listener<S>, msg: Buffer, rinfo: RemoteInfo): void;
  /** A TCP connection the guard admitted; `tls` when it came over TLS (then `sock` is the decrypted stream). */
  onConnection(l: Listener<S>, sock: Socket, transport: 'tcp' | 'tls'): void;
  /** Certificate and key: TCP connections that start a TLS handshake are served over TLS (RFC 5425). */
  tls?: { cert: string; key: string } | null;
  /** After the sockets are closed: commit what is batched. */
  flush(): Promise<void>;
}

export interface PortListeners<S extends PortSpec> {
  /** Per source with a port: its spec (latest name) and 'listening', 'starting', 'inactive' or 'error: …' per protocol. */
  states(): { spec: S; udp: string; tcp: string }[];
  /** Resolves once the latest source change has been applied to the sockets. */
  settled(): Promise<void>;
  /** Stop listening, then commit what is batched. */
  close(): Promise<void>;
}

function describe(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE') return 'port in use';
  if (code === 'EACCES') return 'permission denied (ports below 1024 need privileges)';
  if (code === 'EADDRNOTAVAIL') return 'address not available on this machine';
  return (err as Error).message ?? String(err);
}

/** Start the listeners for the current sources and follow source changes. Never throws on a busy port. */
export async function startPortListeners<S extends PortSpec>(o: PortListenerOptions<S>): Promise<PortListeners<S>> {
  const limits: StreamLimits = { ...STREAM_LISTENER_LIMITS, ...o.limits };
  const host = o.host;
  const running = new Map<string, Listener<S>>();
  let specs: S[] = [];
  let syncing: Promise<void> | null = null;
  let again = false;
  let closed = false;
  /** Last error logged per source/protocol/port, so a port that stays busy is logged once, not on every retry. */
  const logged = new Map<string, string>();

  async function start(spec: S, key: string): Promise<void> {
    const l: Listener<S> = {
      spec,
      key,
      udp: null,
      tcp: null,
      udpState: 'starting',
      tcpState: 'starting',
      conns: new Set(),
      timers: new Set(),
      guard: createConnectionGuard(`${o.name} TCP port ${spec.port} (source "${spec.sourceName}")`, limits),
    };
    running.set(spec.sourceId, l);
    const where = `${host.includes(':') ? `[${host}]` : host}:${spec.port}`;
    const fail = (proto: 'UDP' | 'TCP', err: unknown): string => {
      const why = describe(err);
      const logKey = `${spec.sourceId}|${proto}|${spec.port}`;
      if (logged.get(logKey) !== why)
        console.error(`[watchpost] ${o.name}: cannot listen on ${proto} ${where} for source "${spec.sourceName}" (${spec.sourceId}): ${why}`);
      logged.set(logKey, why);
      return `error: ${why}`;
    };
    const udp = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
    const udpReady = new Promise<void>((resolve) => {
      udp.on('error', (err) => {
        l.udpState = fail('UDP', err);
        l.udp = null;
        try {
          udp.close();
        } catch {
          // never bound: nothing to close
        }
        resolve();
      });
      udp.bind(spec.port, host, () => {
        l.udp = udp;
        l.udpState = 'listening';
        logged.delete(`${spec.sourceId}|UDP|${spec.port}`);
        try {
          udp.setRecvBufferSize(4 * 1024 * 1024); // absorb bursts; the OS may cap it
        } catch {
          // keep the default buffer
        }
        resolve();
      });
    });
    udp.on('message', (msg, rinfo) => o.onDatagram(l, msg, rinfo));
    const tcp = createServer((sock) => {
      if (l.guard.admit(sock)) {
        sock.destroy(); // neither syslog nor GELF can say why: the guard logs it (docs/ingest-hardening.md)
        return;
      }
      guardIdle(sock, limits);
      l.conns.add(sock);
      sock.on('close', () => l.conns.delete(sock));
      if (!tlsServer) return o.onConnection(l, sock, 'tcp');
      sniffFirstByte(sock, limits.firstByteMs, (first) => {
        if (first === null) return;
        if (first === TLS_HANDSHAKE_BYTE) {
          sock.setTimeout(0); // the TLS socket reads the handle now: the idle deadline moves to it
          tlsServer.emit('connection', sock);
          return;
        }
        o.onConnection(l, sock, 'tcp');
        sock.resume();
      });
    });
    const tlsServer: TlsServer | null = o.tls
      ? createTlsServer({ cert: o.tls.cert, key: o.tls.key, minVersion: 'TLSv1.2', handshakeTimeout: limits.firstByteMs }, (ts: TLSSocket) => {
          ts.setTimeout(limits.idleMs, () => ts.destroy());
          o.onConnection(l, ts, 'tls');
        })
      : null;
    tlsServer?.on('tlsClientError', (_err, s) => s.destroy());
    const tcpReady = new Promise<void>((resolve) => {
      tcp.on('error', (err) => {
        l.tcpState = fail('TCP', err);
        if (l.tcp) tcp.close();
        l.tcp = null;
        resolve();
      });
      tcp.listen({ host, port: spec.port }, () => {
        l.tcp = tcp;
        l.tcpState = 'listening';
        logged.delete(`${spec.sourceId}|TCP|${spec.port}`);
        resolve();
      });
    });
    await Promise.all([udpReady, tcpReady]);
  }

  async function stop(l: Listener<S>): Promise<void> {
    running.delete(l.spec.sourceId);
    for (const t of l.timers) clearTimeout(t);
    const waits: Promise<void>[] = [];
    const { udp, tcp } = l;
    if (udp) waits.push(new Promise((resolve) => udp.close(() => resolve())));
    if (tcp) {
      waits.push(new Promise((resolve) => tcp.close(() => resolve())));
      for (const c of l.conns) c.destroy();
    }
    await Promise.all(waits);
  }

  async function syncOnce(): Promise<void> {
    specs = o.specs();
    const wanted = new Map(specs.filter((s) => s.active).map((s) => [s.sourceId, s]));
    const keyOf = (s: S) => `${o.keyOf(s)}|${s.port}`;
    const stops: Promise<void>[] = [];
    for (const l of [...running.values()]) {
      const want = wanted.get(l.spec.sourceId);
      const failed = l.udp === null || l.tcp === null;
      if (!want || keyOf(want) !== l.key || failed) stops.push(stop(l));
      else l.spec = want; // a rename keeps the sockets
    }
    await Promise.all(stops); // free the ports before another source may take them
    if (closed) return;
    await Promise.all([...wanted.values()].filter((s) => !running.has(s.sourceId)).map((s) => start(s, keyOf(s))));
  }

  function requestSync(): Promise<void> {
    if (syncing !== null) {
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
        console.error(`[watchpost] ${o.name}: listener sync failed:`, err);
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  }

  const unsubscribe = o.onSourcesChange(() => {
    if (!closed) void requestSync();
  });
  await requestSync();

  return {
    states() {
      return specs.map((s) => {
        const l = running.get(s.sourceId);
        if (!s.active) return { spec: s, udp: 'inactive', tcp: 'inactive' };
        if (!l) return { spec: s, udp: 'starting', tcp: 'starting' };
        return { spec: l.spec, udp: l.udpState, tcp: l.tcpState };
      });
    },
    async settled() {
      while (syncing !== null) await syncing;
    },
    async close() {
      closed = true;
      unsubscribe();
      while (syncing !== null) await syncing;
      await Promise.all([...running.values()].map(stop));
      await o.flush();
    },
  };
}

/**
 * Feed a TCP connection's frames to `take` in order. `take` returns null when it took the frame, or
 * the ms to wait when the source is over its rate limit: the socket is paused (back-pressure,
 * nothing lost) and the same frame is offered again after the wait.
 */
export function pipeFrames<F>(l: Listener<PortSpec>, sock: Socket, framer: { push(chunk: Buffer): F[]; end(): F[] }, take: (frame: F) => number | null): void {
  let backlog: F[] = [];
  let at = 0;
  let paused = false;
  const drain = (): void => {
    for (; at < backlog.length; at++) {
      const wait = take(backlog[at]!);
      if (wait === null) continue;
      if (!paused) sock.pause();
      paused = true;
      const t = setTimeout(() => {
        l.timers.delete(t);
        drain();
      }, wait);
      l.timers.add(t);
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
  // frames still waiting for tokens after the peer closed are still offered (nothing lost); stopping the listener drops them
}
