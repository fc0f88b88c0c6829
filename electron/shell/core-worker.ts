import { parentPort, workerData } from 'node:worker_threads';
import { isDeepStrictEqual } from 'node:util';
import type { SaveState } from '../contract/index.js';
import { dispatch } from './dispatch.js';
import { toErrorPayload, type ErrorPayload } from '../domain/errors.js';
import { hostInProcess, type HostedApp } from './in-process-host.js';
import { stallMeter, type StallMeter } from './stall-meter.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.js';

// Entry point of the core worker thread (bundled as dist/core/worker.js): store, indexes, import and export
// run here, so the shell thread (windows, IPC, HTTP) never waits on them. See worker-host.ts.

declare const gc: (() => void) | undefined;

const port = parentPort;
if (!port) throw new Error('core-worker.ts runs only as a worker thread');
const init = workerData as WorkerInit;
const send = (message: FromWorker) => port.postMessage(message);

let hosted: HostedApp;
try {
  hosted = await hostInProcess(init.dataDir, init.mode, init.owner);
} catch (err) {
  send({ type: 'failed', error: toErrorPayload(err) });
  process.exit(0);
}

let lastStatus: { status: SaveState | null; problem: ErrorPayload | null } | null = null;
async function pushStatus(): Promise<void> {
  const problem = hosted.problem();
  const status = problem ? null : await hosted.api['store.status']({});
  const next = { status, problem };
  if (lastStatus && isDeepStrictEqual(lastStatus, next)) return;
  lastStatus = next;
  send({ type: 'status', ...next });
}

// Save state changes without a call (background retries, compaction): look every 100 ms.
const statusTimer = setInterval(() => void pushStatus().catch(() => undefined), 100);

let stall: StallMeter | null = null;
/** The worker's longest stall since the last ask; the first ask starts the meter. */
function stallSince(reset: boolean): number {
  if (!stall) {
    stall = stallMeter();
    return 0;
  }
  return stall.take(reset);
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'call':
      void dispatch(hosted.api, message.name, message.input).then(async (result) => {
        await pushStatus().catch(() => undefined);
        send({ type: 'result', id: message.id, result });
      });
      break;
    case 'stall':
      send({ type: 'stall', id: message.id, maxMs: stallSince(message.reset) });
      break;
    case 'memory': {
      // gc exists only when the process runs with --expose-gc (the bench's settled reading).
      if (message.collect && typeof gc === 'function') gc();
      const { heapUsed, heapTotal, arrayBuffers } = process.memoryUsage();
      send({ type: 'memory', id: message.id, heap: { heapUsed, heapTotal, arrayBuffers } });
      break;
    }
    case 'close':
      clearInterval(statusTimer);
      void hosted.close().then(
        () => send({ type: 'closed', error: null }),
        (err: unknown) => send({ type: 'closed', error: toErrorPayload(err) }),
      );
      break;
  }
});

await pushStatus();
send({ type: 'ready', problem: hosted.problem() });
