/**
 * The send worker: runs delivery attempts (read a logs range, build the body, HMAC-sign, TLS send)
 * on its own thread with its own read-only database connection, so forwarding a busy logs stream
 * never competes with ingest for the engine's thread. The dispatcher keeps every write.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { AttemptExecutor } from './attempt-executor.ts';
import type { AttemptJob } from './attempt-executor.ts';

export type WorkerRequest = { op: 'run'; id: number; job: AttemptJob } | { op: 'drop'; endpointId: string } | { op: 'close' };
export type WorkerResponse = { id: number; reply: import('./attempt-executor.ts').AttemptReply };

const data = workerData as { dbFile: string; maxSockets: number } | null;
if (parentPort && data) {
  const port = parentPort;
  const db = new Database(data.dbFile, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const exec = new AttemptExecutor(db, data.maxSockets);
  port.on('message', (m: WorkerRequest) => {
    if (m.op === 'run') void exec.run(m.job).then((reply) => port.postMessage({ id: m.id, reply } satisfies WorkerResponse));
    else if (m.op === 'drop') exec.drop(m.endpointId);
    else {
      void exec.close().then(() => {
        db.close();
        port.close();
      });
    }
  });
}
