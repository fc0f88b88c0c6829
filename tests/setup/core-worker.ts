import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { bundleForNode } from './bundle.js';

// Bundles the core worker from source once per test run, so tests never use a stale dist/ build.
// worker-host.ts reads DOSSIER_CORE_WORKER; the test processes inherit it.

let dir = '';

export async function setup(): Promise<void> {
  // Inside the checkout, so the bundle finds node_modules and the app root (package.json, assets/).
  const cache = path.join(import.meta.dirname, '..', '..', 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  dir = await mkdtemp(path.join(cache, 'dossier-core-worker-'));
  const outfile = path.join(dir, 'worker.mjs');
  await bundleForNode(
    path.join(import.meta.dirname, '..', '..', 'electron', 'shell', 'core-worker.ts'),
    outfile,
    {
      sourcemap: true,
    },
  );
  process.env.DOSSIER_CORE_WORKER = outfile;
}

export async function teardown(): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}
