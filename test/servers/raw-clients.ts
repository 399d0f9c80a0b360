/** Test helpers: raw TCP clients from chosen loopback addresses, to play hostile and sloppy peers. */
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export interface RawClient {
  sock: Socket;
  openedAt: number;
  /** Resolves with the time the server closed (or reset) the connection. */
  closed: Promise<number>;
  /** Everything the server sent. */
  received(): string;
  isClosed(): boolean;
}

/** Connect from `localAddress` (any 127.x.y.z on Linux), so per-address caps can be exercised on one machine. */
export function rawClient(port: number, localAddress: string, host = '127.0.0.1'): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let closedFlag = false;
    const sock = connect({ port, host, localAddress });
    const closed = new Promise<number>((r) =>
      sock.once('close', () => {
        closedFlag = true;
        r(Date.now());
      }),
    );
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', () => undefined); // a reset is a close for these tests
    sock.once('connect', () =>
      resolve({ sock, openedAt: Date.now(), closed, received: () => Buffer.concat(chunks).toString('utf8'), isClosed: () => closedFlag }),
    );
    sock.once('error', reject);
  });
}

/** Write `piece` every `everyMs` until the socket closes (slowloris and trickling bodies). */
export function trickle(c: RawClient, piece: string, everyMs: number): void {
  const t = setInterval(() => {
    if (c.isClosed() || c.sock.destroyed) return clearInterval(t);
    c.sock.write(piece);
  }, everyMs);
  void c.closed.then(() => clearInterval(t));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
