import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { callNames, type CallName, type DossierApi, type SaveState } from '../contract/index.js';
import { DossierError, type ErrorPayload } from '../domain/errors.js';
import type { HostedApp } from './in-process-host.js';
import { appRoot } from './open-app.js';
import {
  READ_ONLY_CALLS,
  type FromWorker,
  type ToWorker,
  type WorkerHeap,
  type WorkerInit,
} from './worker-protocol.js';

/** The shell side of the core worker, with what tests and the bench need beside the HostedApp. */
export type WorkerHostedApp = HostedApp & {
  /** how often the worker died and was restarted this session */
  restarts: () => number;
  /** the live worker (tests terminate it to check that nothing acknowledged is lost) */
  worker: () => Worker | null;
  /** resolves once a (re)started worker has opened the store */
  whenReady: () => Promise<void>;
  /** the worker's longest event-loop stall since the last call (the first call starts measuring) */
  workerMaxStallMs: (reset?: boolean) => Promise<number>;
  /** the worker isolate's heap, after a full GC when `collect` and the process runs with --expose-gc */
  workerHeap: (collect?: boolean) => Promise<WorkerHeap>;
};

export type WorkerHostOptions = {
  /** the bundled worker script; default: $DOSSIER_CORE_WORKER, else dist/core/worker.js */
  script?: string;
  /** deaths within a minute after which the shell stops restarting and reports the failure */
  maxRestartsPerMinute?: number;
};

/**
 * V8's young generation for the core's isolate: two 8 MB semi-spaces instead of the default 16 MB, which
 * stay committed for good once an open has filled them. Saves 16 MB of steady RSS at 50k notes; index
 * build and query latency measured the same (bench search suite).
 */
const CORE_YOUNG_GENERATION_MB = 24;

/** After a worker died: time for a file operation it had handed to the thread pool to land before reopening. */
const SETTLE_MS = 100;

/** Where the bundled worker lives (scripts/build-node.mjs writes it; tests build it in tests/setup). */
export function coreWorkerScript(): string {
  const script = process.env.DOSSIER_CORE_WORKER || path.join(appRoot(), 'dist', 'core', 'worker.js');
  if (!existsSync(script))
    throw new Error(`The core worker bundle is missing (${script}); run \`npm run build\` first.`);
  return script;
}

type Pending = {
  name: CallName;
  input: unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
};

/**
 * Hosts the core in a worker thread and gives the shell the same HostedApp as the in-process host: every
 * contract call becomes one message, answered with a Result. store.status is answered here from the state
 * the worker pushes, so the shell answers it even while the worker is busy. A worker that dies is
 * restarted (it reopens the store, taking over the lock its dead predecessor held in this same process);
 * calls that may have changed something are answered SAVE_FAILED, read-only calls are asked again.
 */
export async function hostInWorker(
  init: WorkerInit,
  options: WorkerHostOptions = {},
): Promise<WorkerHostedApp> {
  const script = options.script ?? coreWorkerScript();
  const maxPerMinute = options.maxRestartsPerMinute ?? 5;
  let worker: Worker | null = null;
  let ready: Promise<void> = Promise.resolve();
  let problem: ErrorPayload | null = null;
  let status: SaveState | null = null;
  let broken: ErrorPayload | null = null;
  let closing = false;
  let restarts = 0;
  const deaths: number[] = [];
  let seq = 0;
  const pending = new Map<number, Pending>();
  const stallAsks = new Map<number, (ms: number) => void>();
  const memoryAsks = new Map<number, (heap: WorkerHeap) => void>();
  let onClosed: ((error: ErrorPayload | null) => void) | null = null;

  const post = (message: ToWorker) => worker?.postMessage(message);

  function start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const w = new Worker(script, {
        workerData: init satisfies WorkerInit,
        resourceLimits: { maxYoungGenerationSizeMb: CORE_YOUNG_GENERATION_MB },
      });
      worker = w;
      let opened = false;
      w.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            opened = true;
            problem = message.problem;
            resolve();
            break;
          case 'failed':
            reject(new DossierError(message.error.code, message.error.message, message.error.details));
            break;
          case 'status':
            status = message.status;
            problem = message.problem;
            break;
          case 'result': {
            const p = pending.get(message.id);
            if (!p) break;
            pending.delete(message.id);
            if (message.result.ok) p.resolve(message.result.value);
            else {
              const e = message.result.error;
              p.reject(new DossierError(e.code, e.message, e.details));
            }
            break;
          }
          case 'stall':
            stallAsks.get(message.id)?.(message.maxMs);
            stallAsks.delete(message.id);
            break;
          case 'memory':
            memoryAsks.get(message.id)?.(message.heap);
            memoryAsks.delete(message.id);
            break;
          case 'closed':
            onClosed?.(message.error);
            break;
        }
      });
      // An uncaught error in the worker ends it; 'exit' follows and handles it.
      w.on('error', () => undefined);
      w.on('exit', () => {
        if (worker === w) worker = null;
        if (!opened) {
          reject(new DossierError('INTERNAL', 'The core worker stopped while opening the notes.'));
          return;
        }
        if (!closing) void died();
      });
    });
  }

  async function died(): Promise<void> {
    restarts += 1;
    status = null;
    for (const answer of stallAsks.values()) answer(NaN);
    stallAsks.clear();
    const gone = { heapUsed: NaN, heapTotal: NaN, arrayBuffers: NaN };
    for (const answer of memoryAsks.values()) answer(gone);
    memoryAsks.clear();
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0]! < now - 60_000) deaths.shift();
    for (const [id, p] of pending) {
      if (READ_ONLY_CALLS.has(p.name)) continue;
      pending.delete(id);
      p.reject(
        new DossierError(
          'SAVE_FAILED',
          'Not saved: the Dossier core stopped unexpectedly and was restarted. Please try again.',
        ),
      );
    }
    if (deaths.length > maxPerMinute) {
      broken = {
        code: 'INTERNAL',
        message: `The Dossier core stopped ${deaths.length} times within a minute; restart Dossier.`,
      };
      for (const p of pending.values()) p.reject(new DossierError(broken.code, broken.message));
      pending.clear();
      return;
    }
    ready = (async () => {
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      // The lock may still be held by a dying sibling for a moment; try a few times before giving up.
      for (let attempt = 0; ; attempt++) {
        try {
          await start();
          break;
        } catch (err) {
          if (attempt >= 4 || closing) {
            const e = err as DossierError;
            broken = { code: e.code ?? 'INTERNAL', message: e.message };
            throw err;
          }
          await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
        }
      }
      // Ask the new worker again what the dead one could not answer.
      for (const [id, p] of pending) post({ type: 'call', id, name: p.name, input: p.input });
    })();
    ready.catch((err: unknown) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }

  async function call(name: CallName, input: unknown): Promise<unknown> {
    if (broken) throw new DossierError(broken.code, broken.message);
    if (closing) throw new DossierError('SAVE_FAILED', 'Dossier is closing; the call was not run.');
    if (name === 'store.status') {
      const s = status && worker ? status : ((await send(name, input)) as SaveState);
      return restarts ? { ...s, restarts } : s;
    }
    return send(name, input);
  }

  async function send(name: CallName, input: unknown): Promise<unknown> {
    await ready;
    return new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { name, input, resolve, reject });
      post({ type: 'call', id, name, input });
    });
  }

  /** A question for the running worker itself (not a contract call); answered NaN if it dies first. */
  async function ask<T>(post: (id: number, resolve: (value: T) => void) => void): Promise<T> {
    await ready;
    if (closing || !worker) throw new DossierError('INTERNAL', 'The core worker is not running.');
    return new Promise<T>((resolve) => post(++seq, resolve));
  }

  ready = start();
  await ready;

  const api = {} as Record<CallName, (input: unknown) => Promise<unknown>>;
  for (const name of callNames) api[name] = (input) => call(name, input);

  return {
    api: api as DossierApi,
    problem: () => problem,
    restarts: () => restarts,
    worker: () => worker,
    whenReady: () => ready,
    workerMaxStallMs: (reset = true) =>
      ask((id, resolve: (ms: number) => void) => {
        stallAsks.set(id, resolve);
        post({ type: 'stall', id, reset });
      }),
    workerHeap: (collect = false) =>
      ask((id, resolve: (heap: WorkerHeap) => void) => {
        memoryAsks.set(id, resolve);
        post({ type: 'memory', id, collect });
      }),
    close: async () => {
      if (closing) return;
      await ready.catch(() => undefined);
      closing = true;
      const w = worker;
      if (!w) return;
      const error = await new Promise<ErrorPayload | null>((resolve) => {
        onClosed = resolve;
        w.once('exit', () => resolve(null));
        post({ type: 'close' });
      });
      await w.terminate();
      if (error) throw new DossierError(error.code, error.message, error.details);
    },
  };
}
