import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCore, type Core } from '../core/open-core.js';
import { storePorts } from '../store/core-ports.js';
import { systemClock } from '../domain/clock.js';
import type { DossierApi, AppInfo } from '../contract/index.js';
import { openStore } from '../store/open-store.js';
import { restoreBackupAttachments } from '../store/backup-attachments.js';
import type { Clock } from '../domain/clock.js';
import type { Sealer } from '../store/sealed/sealer.js';

/** Root of the app (where package.json and assets/ live), from src or from the dist/ bundle. */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'dossier') return dir;
    } catch {
      // keep walking up
    }
    dir = path.dirname(dir);
  }
  throw new Error('Cannot locate the Dossier package root');
}

function appVersion(root: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

export type OpenedApp = { core: Core; api: DossierApi; close: () => Promise<void> };

/**
 * Opens store + core + handlers for a data dir: shared by Electron main, browser mode and the CLI.
 * `index: false` leaves the search index to the caller (the CLI builds it only for commands that search).
 */
export async function openApp(
  dataDir: string,
  mode: AppInfo['mode'],
  options: { clock?: Clock; owner?: string; index?: boolean; sealer?: Sealer } = {},
): Promise<OpenedApp> {
  const root = appRoot();
  const store = await openStore(dataDir, {
    owner: options.owner ?? mode,
    ...(options.sealer ? { sealer: options.sealer } : {}),
  });
  const clock = options.clock ?? systemClock;
  const { core, handlers } = openCore(
    store,
    { assetsDir: path.join(root, 'assets'), appVersion: appVersion(root), mode, clock },
    storePorts(store, clock),
  );
  // The compiler checks here that the core's handlers answer every contract call with its result type.
  const api: DossierApi = handlers;
  await core.purgeExpiredTrash().catch(() => undefined);
  // Files no note references any more (an emptied or expired trash) go before anything can reference them
  // again; then extraction of attachment text runs in the background.
  await core.attachments.blobs.cleanTemp();
  // In the background (close waits for it): files of a restored backup come back from the backup pool,
  // files nothing references any more go, then attachment text is read from its cache or extracted.
  core.housekeeping = restoreBackupAttachments(dataDir, core.store.get())
    .catch(() => 0)
    .then(() => core.collectAttachments())
    .then(
      () => undefined,
      () => undefined,
    );
  core.housekeeping = core.housekeeping.then(() => {
    void core.startFileText();
  });
  // Not awaited: the window and the first lists come up while the index fills in idle slices.
  if (options.index !== false) void core.startIndexing();
  return { core, api, close: () => core.close() };
}
