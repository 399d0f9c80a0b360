/**
 * A fake engine runtime for the desktop shell tests: records every API call and the options it was
 * started with, lets a test push stream payloads, and can be told to fail on start or hang on close.
 */
import type { ApiDispatcher, CallMeta, StreamName } from '../../shared/api.ts';
import type { DesktopEngineOptions, DesktopRuntime } from '../../main/electron/desktop.ts';

export interface FakeRuntime extends DesktopRuntime {
  readonly calls: Array<{ method: string; input: unknown; meta: CallMeta | undefined }>;
  readonly options: DesktopEngineOptions;
  closed: number;
  /** Deliver a payload to every subscriber of `stream`, as the engine bus would. */
  emit(stream: StreamName, payload: unknown): void;
  subscriberCount(stream: StreamName): number;
}

export interface FakeEngineStarter {
  (opts: DesktopEngineOptions): Promise<FakeRuntime>;
  readonly runtimes: FakeRuntime[];
  readonly attempts: DesktopEngineOptions[];
}

/** Engine whose `alerts.get` throws (to test error envelopes) and every other method echoes. */
export function fakeEngine(options: DesktopEngineOptions, behaviour: { closeNever?: boolean } = {}): FakeRuntime {
  const listeners = new Map<StreamName, Set<(p: unknown) => void>>();
  const calls: FakeRuntime['calls'] = [];
  const api: ApiDispatcher = {
    async call(method, input, meta) {
      calls.push({ method, input, meta });
      if (method === 'alerts.get') throw new Error('database is locked');
      return { success: true, data: { echo: method, input } } as never;
    },
    subscribe(stream, listener) {
      let set = listeners.get(stream);
      if (!set) listeners.set(stream, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const runtime: FakeRuntime = {
    engine: { api },
    ingestUrl: `http://127.0.0.1:${options.ingestPort}/v1/ingest`,
    lanIngestUrls: [`http://192.168.1.20:${options.ingestPort}/v1/ingest`],
    options,
    calls,
    closed: 0,
    close() {
      runtime.closed += 1;
      return behaviour.closeNever ? new Promise<void>(() => undefined) : Promise.resolve();
    },
    emit(stream, payload) {
      for (const l of listeners.get(stream) ?? []) l(payload);
    },
    subscriberCount(stream) {
      return listeners.get(stream)?.size ?? 0;
    },
  };
  return runtime;
}

/** A `startEngine` for startDesktop. `startError`: reject like a busy port or a newer database. */
export function fakeEngineStarter(behaviour: { startError?: Error; closeNever?: boolean } = {}): FakeEngineStarter {
  const runtimes: FakeRuntime[] = [];
  const attempts: DesktopEngineOptions[] = [];
  const start = async (options: DesktopEngineOptions): Promise<FakeRuntime> => {
    attempts.push(options);
    if (behaviour.startError) throw behaviour.startError;
    const runtime = fakeEngine(options, behaviour);
    runtimes.push(runtime);
    return runtime;
  };
  return Object.assign(start, { runtimes, attempts });
}
