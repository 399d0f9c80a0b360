/**
 * The benchmark's SIEM: an HTTPS receiver in its own process (a real SIEM is another machine, so it
 * must not share the engine's event loop). Answers 200 at once and counts requests and bytes.
 * Reads the key/cert paths from argv, prints {"port"} when listening and {"requests","bytes"} on "stats".
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

const [keyFile, certFile] = process.argv.slice(2);
let requests = 0;
let bytes = 0;
const server = createServer({ key: readFileSync(keyFile!), cert: readFileSync(certFile!) }, (req, res) => {
  req.on('data', (c: Buffer) => (bytes += c.length));
  req.on('end', () => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n');
});
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'stats') process.stdout.write(JSON.stringify({ requests, bytes }) + '\n');
}
server.close();
