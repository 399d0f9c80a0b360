/**
 * Child process of writer-bench.ts: the engine and the ingest server (as `serve` starts them, no
 * console), with the event writer thread on or off, SOURCES sources (one per client). Prints one JSON line {ingestUrl, keys} when
 * ready; on SIGTERM prints the engine thread's event-loop utilisation and every thread's CPU seconds since
 * ready, closes and exits.
 *   node bench/ingest/writer-child.ts <dataDir> <thread|inline>
 */
import { performance } from 'node:perf_hooks';
import { startRuntime } from '../../main/runtime.ts';
import { cpuSince, threadCpu } from '../lib/thread-cpu.ts';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api.ts';

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir || (mode !== 'thread' && mode !== 'inline')) {
  console.error('usage: writer-child.ts <dataDir> <thread|inline>');
  process.exit(2);
}
const rt = await startRuntime({
  dataDir,
  mode: 'headless',
  ingestHost: '127.0.0.1',
  ingestPort: 0,
  tls: { mode: 'off' },
  retention: { maxAgeDays: 0, maxSizeGb: 0 },
  searchWorkers: 0,
  writerThread: mode === 'thread',
});
const call = async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
  const r = await rt.engine.api.call(method, input);
  if (!r.success) throw new Error(r.error.message);
  return r.data;
};
// One source per client, as real shippers have: a source's rate limit is at most 100k events/s.
const keys: string[] = [];
for (let i = 0; i < Number(process.env.SOURCES ?? 4); i++) {
  const src = await call('sources.create', { name: `bench-${Date.now()}-${i}`, rateLimit: 100_000 });
  keys.push((await call('sources.generateKey', { id: src.id })).key);
}
const elu0 = performance.eventLoopUtilization();
const cpu0 = threadCpu();
console.log(JSON.stringify({ ingestUrl: rt.ingestUrl, keys, where: rt.engine.context.writer.where }));
process.once('SIGTERM', () => {
  const elu = performance.eventLoopUtilization(elu0);
  console.log(JSON.stringify({ elu: elu.utilization, cpu: cpuSince(cpu0) }));
  void rt.close().then(() => process.exit(0));
});
