import { defineConfig } from 'vitest/config';

// Two projects: fast unit/contract tests beside the code, and slower browser/process tests under tests/.
// DOSSIER_VERIFY_CHANGES: every change hint the core gives the store is checked against a full diff.
const env = { DOSSIER_VERIFY_CHANGES: '1' };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'electron/**/*.test.ts',
            'tests/contract/**/*.test.ts',
            'tests/durability/**/*.test.ts',
            'tests/cli/**/*.test.ts',
            // renderer logic (a file that needs a DOM asks for jsdom with @vitest-environment)
            'renderer/src/**/*.test.ts',
          ],
          environment: 'node',
          env,
          // Builds the core worker bundle the worker-hosted tests start (electron/shell/worker-host.ts).
          globalSetup: ['tests/setup/core-worker.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/electron/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
