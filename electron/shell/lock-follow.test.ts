import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hostInProcess, type HostedApp } from './in-process-host.js';
import { followLock, lockIfProtected } from './lock-follow.js';

// A real host over a real data folder (fast scrypt for tests): what the Electron shell does on a system
// lock, and how it learns the notebook locked so it can remove decrypted copies.

let dir: string;
let host: HostedApp;
beforeEach(async () => {
  process.env.DOSSIER_KDF_LOG2N = '10';
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-lock-follow-'));
  host = await hostInProcess(path.join(dir, 'data'), 'electron', 'test');
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('locking from the Electron shell', () => {
  it('a system lock locks a protected notebook and leaves an unprotected one alone', async () => {
    expect(await lockIfProtected(host.api)).toBe(false);
    expect((await host.api['protection.status']({})).locked).toBe(false);
    await host.api['protection.enable']({ passphrase: 'a long passphrase', recoveryKey: false });
    expect(await lockIfProtected(host.api)).toBe(true);
    expect((await host.api['protection.status']({})).locked).toBe(true);
    await expect(host.api['notes.list']({ filter: {} } as never)).rejects.toMatchObject({
      code: 'NOTEBOOK_LOCKED',
    });
    // Already locked: nothing to do.
    expect(await lockIfProtected(host.api)).toBe(false);
  });

  it('tells the shell once per lock, however the lock came', async () => {
    await host.api['protection.enable']({ passphrase: 'a long passphrase', recoveryKey: false });
    let locks = 0;
    const stop = followLock(
      host.api,
      async () => {
        locks += 1;
      },
      10,
    );
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect(locks).toBe(0);
      await host.api['protection.lock']({});
      await until(() => locks === 1);
      expect(locks).toBe(1);
      await new Promise((r) => setTimeout(r, 50));
      expect(locks).toBe(1);
      await host.api['protection.unlock']({ passphrase: 'a long passphrase' });
      await new Promise((r) => setTimeout(r, 50));
      await host.api['protection.lock']({});
      await until(() => locks === 2);
      expect(locks).toBe(2);
    } finally {
      stop();
    }
  });
});
