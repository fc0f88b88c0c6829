import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
// @ts-expect-error plain .mjs helper shared with `npm start`
import { appRoot, findElectronBinary } from '../../scripts/electron-binary.mjs';

// Runs only where an Electron binary exists (ELECTRON_OVERRIDE_DIST_PATH or a downloaded one).
const binary = (findElectronBinary as () => string | null)();
if (!binary) {
  process.stdout.write(
    '[electron smoke] skipped: no Electron binary on this machine (set ELECTRON_OVERRIDE_DIST_PATH to an Electron dist folder to run it).\n',
  );
}

describe.skipIf(!binary)('Electron shell', () => {
  let app: ElectronApplication | undefined;
  let dataDir = '';

  afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('opens a secure window that talks to the core over IPC', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-electron-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [appRoot as string, '--data-dir', dataDir, '--no-sandbox'],
    });
    const win = await app.firstWindow();
    await win.waitForLoadState('domcontentloaded');
    expect(await win.title()).toBe('Dossier');
    const info = await win.evaluate(async () => {
      const bridge = (
        window as unknown as { dossier: { api: Record<string, (i: unknown) => Promise<unknown>> } }
      ).dossier;
      return {
        hasRequire: typeof (window as unknown as { require?: unknown }).require,
        hasProcess: typeof (window as unknown as { process?: unknown }).process,
        info: await bridge.api['app.info']!({}),
      };
    });
    // nodeIntegration off and sandboxed: no Node globals in the page.
    expect(info.hasRequire).toBe('undefined');
    expect(info.hasProcess).toBe('undefined');
    expect(info.info).toMatchObject({ ok: true, value: { mode: 'electron', dataDir } });
    const bad = await win.evaluate(async () => {
      const bridge = (
        window as unknown as { dossier: { api: Record<string, (i: unknown) => Promise<unknown>> } }
      ).dossier;
      return bridge.api['topics.create']!({ name: 123 });
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});
