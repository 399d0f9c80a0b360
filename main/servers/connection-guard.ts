/**
 * Connection limits for every LAN-facing listener (HTTP ingest, syslog/CEF TCP, GELF TCP): a cap on
 * open connections in total and per client address, a deadline for the first byte, and an idle
 * timeout. A LAN peer can no longer hoard descriptors with idle, trickling or stalled connections.
 * Protocol-specific refusals (an HTTP 503, a plain close for syslog) are the caller's: the guard
 * says why, the caller answers in its protocol. Use from a server's `connection` handler:
 *
 *   const guard = createConnectionGuard('syslog TCP :514', { maxConnections: 1000, maxPerAddress: 50 });
 *   server.on('connection', (sock) => {
 *     const refusal = guard.admit(sock);
 *     if (refusal) return sock.destroy();        // or answer in the protocol first
 *     guardIdle(sock, { firstByteMs: 60_000, idleMs: 600_000 });
 *     …
 *   });
 */
import type { Socket } from 'node:net';

export interface ConnectionCaps {
  /** Open connections at most, over all peers. */
  maxConnections: number;
  /** Open connections at most from one client address. */
  maxPerAddress: number;
}

export interface ConnectionGuard {
  /** Count the socket in (until it closes), or return why it must be refused (and do not count it). */
  admit(sock: Socket): string | null;
  /** Connections currently counted. */
  open(): number;
  /** Connections refused since the start. */
  refused(): number;
}

/** The client address without the IPv4-mapped prefix (`::ffff:10.0.0.5` → `10.0.0.5`). */
export function peerAddress(sock: Socket): string {
  const a = sock.remoteAddress ?? 'unknown';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

const LOG_EVERY_MS = 10_000;

/**
 * One guard per listener. `label` names the listener in the log line that reports refusals (at most
 * one line per 10 s, with the count since the last line, so a flood does not flood the console).
 */
export function createConnectionGuard(label: string, caps: ConnectionCaps, log: (line: string) => void = (l) => console.error(l)): ConnectionGuard {
  const perAddress = new Map<string, number>();
  let total = 0;
  let refusedTotal = 0;
  let refusedSinceLog = 0;
  let lastLogAt = 0;
  const report = (reason: string): void => {
    refusedTotal++;
    refusedSinceLog++;
    const now = Date.now();
    if (now - lastLogAt < LOG_EVERY_MS) return;
    log(`[watchpost] ${label}: refused ${refusedSinceLog} connection(s) in the last ${Math.round((now - (lastLogAt || now)) / 1000)} s; latest: ${reason}`);
    lastLogAt = now;
    refusedSinceLog = 0;
  };
  return {
    admit(sock) {
      const peer = peerAddress(sock);
      const mine = perAddress.get(peer) ?? 0;
      let reason: string | null = null;
      if (total >= caps.maxConnections) reason = `${total} connections are open (limit ${caps.maxConnections}); refused ${peer}`;
      else if (mine >= caps.maxPerAddress) reason = `${peer} already has ${mine} connections open (limit ${caps.maxPerAddress} per client address)`;
      if (reason) {
        report(reason);
        return reason;
      }
      total++;
      perAddress.set(peer, mine + 1);
      sock.once('close', () => {
        total--;
        const n = (perAddress.get(peer) ?? 1) - 1;
        if (n <= 0) perAddress.delete(peer);
        else perAddress.set(peer, n);
      });
      return null;
    },
    open: () => total,
    refused: () => refusedTotal,
  };
}

export interface IdleLimits {
  /** The peer must send its first byte within this long (ms). */
  firstByteMs: number;
  /** After that, a connection with no traffic for this long (ms) is closed; any byte resets it. */
  idleMs: number;
}

/**
 * Close a socket that sends nothing at first, or goes quiet later. A relay that keeps a connection
 * for days stays as long as it sends something within every `idleMs`.
 */
export function guardIdle(sock: Socket, limits: IdleLimits): void {
  sock.setTimeout(limits.firstByteMs, () => sock.destroy());
  sock.once('data', () => sock.setTimeout(limits.idleMs));
}

/**
 * Wait for the first chunk without losing it: the chunk is put back (`unshift`) and the socket left
 * paused, so the caller can hand it to the protocol that fits (TLS starts with 0x16). Calls `then`
 * with the first byte, or null when the peer closed or stayed silent past `timeoutMs` (the socket is
 * destroyed then).
 */
export function sniffFirstByte(sock: Socket, timeoutMs: number, then: (first: number | null) => void): void {
  let done = false;
  const finish = (first: number | null): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    sock.removeListener('data', onData);
    sock.removeListener('close', onClose);
    sock.removeListener('end', onClose);
    then(first);
  };
  const onData = (chunk: Buffer): void => {
    sock.pause();
    sock.unshift(chunk);
    finish(chunk[0] ?? null);
  };
  const onClose = (): void => {
    finish(null);
    sock.destroy();
  };
  const timer = setTimeout(() => {
    finish(null);
    sock.destroy();
  }, timeoutMs);
  sock.on('data', onData);
  sock.once('close', onClose);
  sock.once('end', onClose); // HTTP servers allow half-open sockets: a peer's FIN alone must end it here
}

/** The first byte of a TLS ClientHello record (content type 22, handshake). */
export const TLS_HANDSHAKE_BYTE = 0x16;

/** Limits of a stream listener (syslog/CEF TCP, GELF TCP): caps plus first-byte and idle deadlines. */
export interface StreamLimits extends ConnectionCaps, IdleLimits {}

/**
 * Defaults (docs/ingest-hardening.md). Relays keep one connection open for days: any message within
 * 10 minutes keeps it; a connection that never says anything is closed after a minute.
 */
export const STREAM_LISTENER_LIMITS: StreamLimits = { maxConnections: 1000, maxPerAddress: 50, firstByteMs: 60_000, idleMs: 600_000 };
