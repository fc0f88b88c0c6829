// Bundles the Node-side entry points with esbuild (fast, no tsc emit needed).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
const esmBanner = {
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};

const entries = [
  { in: 'electron/main.ts', out: 'dist/electron/main.js' },
  { in: 'electron/web/main.ts', out: 'dist/web/server.js' },
  { in: 'electron/cli/main.ts', out: 'dist/cli/dossier.js' },
  { in: 'bench/run.ts', out: 'dist/bench/run.js' },
  // The core's worker thread (electron/shell/worker-host.ts starts it).
  { in: 'electron/shell/core-worker.ts', out: 'dist/core/worker.js' },
].filter((e) => existsSync(e.in));

await Promise.all([
  ...entries.map((e) =>
    build({
      ...common,
      entryPoints: [e.in],
      outfile: e.out,
      format: 'esm',
      packages: 'external',
      external: ['electron'],
      banner: esmBanner,
    }),
  ),
  // The sandboxed preload cannot load modules: bundle everything but electron, as CommonJS.
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
