import type { AppInfo } from '../contract/index.js';
import { hostInProcess, type HostedApp } from './in-process-host.js';
import { hostInWorker, type WorkerHostOptions } from './worker-host.js';

export type { HostedApp };

/**
 * Opens the app for a shell (Electron main, browser mode). The core runs in a worker thread, so saves,
 * imports, exports and index builds never hold the thread that owns windows, IPC and HTTP; `inProcess`
 * keeps it on the calling thread (as the CLI does through openApp). Recovery mode (a refused store file)
 * works the same either way: see in-process-host.ts.
 */
export async function hostApp(
  dataDir: string,
  mode: AppInfo['mode'],
  owner: string,
  options: WorkerHostOptions & { inProcess?: boolean } = {},
): Promise<HostedApp> {
  if (options.inProcess) return hostInProcess(dataDir, mode, owner);
  return hostInWorker({ dataDir, mode, owner }, options);
}
