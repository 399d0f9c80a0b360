import net from 'node:net';

/**
 * A lean HTTP/1.1 keep-alive client for load generation (as wrk or autocannon are): each request
 * is written as one pre-built buffer (request line, headers, body) and only the response's status
 * line and Content-Length are parsed. On the 2-core bench machine the clients share the cores with
 * the server; node:http's client spent ~3 µs of CPU per event of a 500-event batch, this one a
 * fraction of that, so the figure measures the server. The server side is unchanged (node:http +
 * Fastify parse every request in full).
 */
export class RawClient {
  private readonly socket: net.Socket;
  private readonly ready: Promise<void>;
  private buf: Buffer = Buffer.alloc(0);
  private pending: { resolve: (status: number) => void; reject: (err: Error) => void } | null = null;
  private readonly requests = new Map<string, Buffer>();

  private readonly url: URL;
  private readonly key: string;

  constructor(url: URL, key: string) {
    this.url = url;
    this.key = key;
    this.socket = net.connect(Number(url.port), url.hostname);
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (d) => this.onData(d));
    this.socket.on('error', (err) => this.pending?.reject(err));
    this.socket.on('close', () => this.pending?.reject(new Error('connection closed')));
  }

  /** POST `body` (an NDJSON batch) and resolve with the response's status; one request at a time. */
  async post(body: string): Promise<number> {
    await this.ready;
    let req = this.requests.get(body);
    if (!req) {
      const bytes = Buffer.from(body);
      const head =
        `POST ${this.url.pathname} HTTP/1.1\r\nHost: ${this.url.host}\r\nx-df-source-key: ${this.key}\r\n` +
        `content-type: application/x-ndjson\r\ncontent-length: ${bytes.length}\r\n\r\n`;
      req = Buffer.concat([Buffer.from(head), bytes]);
      this.requests.set(body, req);
    }
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(req);
    });
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.pending?.reject(new Error(`response without Content-Length: ${head.split('\r\n')[0]}`));
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.buf.length < total) return;
    this.buf = this.buf.subarray(total);
    const p = this.pending;
    this.pending = null;
    p?.resolve(status);
  }

  close(): void {
    this.socket.destroy();
  }
}
