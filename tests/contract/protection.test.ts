import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hostInWorker } from '../../electron/shell/worker-host.js';
import { useContractServer } from './harness.js';
import { isSealedFile } from '../../electron/store/sealed/sealer.js';

// Encryption at rest through the browser-mode server on 127.0.0.1, with the core in its worker thread:
// the key lives in the worker only while unlocked, and a restarted worker comes back locked.

const PASS = 'long enough passphrase';
process.env.DOSSIER_KDF_LOG2N = '10';
const srv = useContractServer({
  prefix: 'dossier-contract-protect-',
  host: (dataDir: string) =>
    hostInWorker({ dataDir, mode: 'browser', owner: 'contract test' }, { maxRestartsPerMinute: 100 }),
});
const api = (name: string, body: unknown) => srv.call(name, body);
const value = <T>(name: string, body: unknown) => srv.value<T>(name, body);

describe('protection through the browser-mode server', () => {
  let noteId = '';
  let recoveryKey = '';

  it('an unprotected notebook says so, and refuses a too-short passphrase', async () => {
    expect(await value('protection.status', {})).toMatchObject({
      protected: false,
      locked: false,
      state: 'off',
    });
    const note = await value<{ id: string }>('notes.create', {
      title: 'Trial plan',
      body: 'SANDPIPERCANARY',
    });
    noteId = note.id;
    const short = await api('protection.enable', { passphrase: 'short' });
    expect(short.status).toBe(400);
    expect(short.error?.code).toBe('BAD_INPUT');
  });

  it('enable seals the files and reports the recovery key once', async () => {
    const r = await value<{ status: object; recoveryKey: string; sealed: number }>('protection.enable', {
      passphrase: PASS,
    });
    expect(r.status).toMatchObject({ protected: true, locked: false, state: 'on', hasRecoveryKey: true });
    expect(r.status).toMatchObject({ kdf: { name: 'scrypt', log2N: 10, r: 8, p: 1 } });
    expect(r.sealed).toBeGreaterThan(0);
    recoveryKey = r.recoveryKey;
    expect(isSealedFile(await readFile(path.join(srv.dataDir, 'dossier.json')))).toBe(true);
    expect((await value<{ title: string }>('notes.get', { id: noteId })).title).toBe('Trial plan');
  });

  it('locked: every call but protection.* answers 423; a wrong passphrase 403; unlock opens', async () => {
    expect(await value('protection.lock', {})).toMatchObject({ locked: true });
    const list = await api('notes.list', { filter: {} });
    expect(list.status).toBe(423);
    expect(list.error?.code).toBe('NOTEBOOK_LOCKED');
    expect((await api('app.info', {})).status).toBe(423);
    // The window's "user is here" touch opens nothing either (answered by the host in the worker).
    expect((await api('protection.touch', {})).status).toBe(423);
    expect(await value('store.status', {})).toMatchObject({ locked: true });
    const wrong = await api('protection.unlock', { passphrase: 'not the passphrase' });
    expect(wrong.status).toBe(403);
    expect(wrong.error?.code).toBe('WRONG_PASSPHRASE');
    expect(await value('protection.unlock', { passphrase: PASS })).toMatchObject({ locked: false });
    expect((await value<{ body: string }>('notes.get', { id: noteId })).body).toBe('SANDPIPERCANARY');
    expect(await value('protection.touch', {})).toEqual({ autoLockInMs: null });
  });

  it('changing the passphrase: the old one stops working, the recovery key still opens', async () => {
    await value('protection.changePassphrase', { current: { passphrase: PASS }, next: 'second passphrase' });
    await value('protection.lock', {});
    expect((await api('protection.unlock', { passphrase: PASS })).status).toBe(403);
    await value('protection.unlock', { recoveryKey });
    await value('protection.lock', {});
    await value('protection.unlock', { passphrase: 'second passphrase' });
    expect((await api('notes.get', { id: noteId })).status).toBe(200);
  });

  it('a restarted core worker comes back locked (its key died with it)', async () => {
    const before = srv.app.restarts();
    await srv.app.worker()!.terminate();
    await new Promise((r) => setTimeout(r, 50));
    await srv.app.whenReady();
    expect(srv.app.restarts()).toBe(before + 1);
    expect(await value('store.status', {})).toMatchObject({ locked: true, restarts: before + 1 });
    expect((await api('notes.get', { id: noteId })).status).toBe(423);
    await value('protection.unlock', { passphrase: 'second passphrase' });
    expect((await value<{ body: string }>('notes.get', { id: noteId })).body).toBe('SANDPIPERCANARY');
  });

  it('auto-lock setting is kept; disable brings the files back to plain', async () => {
    expect(await value('protection.setAutoLock', { minutes: 5 })).toMatchObject({ autoLockMinutes: 5 });
    const wrong = await api('protection.disable', { passphrase: 'nope nope nope' });
    expect(wrong.status).toBe(403);
    expect(await value('protection.disable', { passphrase: 'second passphrase' })).toMatchObject({
      protected: false,
      state: 'off',
    });
    expect(isSealedFile(await readFile(path.join(srv.dataDir, 'dossier.json')))).toBe(false);
    expect((await value<{ body: string }>('notes.get', { id: noteId })).body).toBe('SANDPIPERCANARY');
  });
});
