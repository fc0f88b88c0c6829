import { describe, expect, it } from 'vitest';
import { hostInProcess } from '../../electron/shell/in-process-host.js';
import { useContractServer } from './harness.js';

// protection.touch through the browser-mode server on 127.0.0.1: the window's way of saying "the user is
// here" (reading, scrolling) restarts the host's idle time for auto-lock. The host runs on this thread with
// a clock the test moves, so minutes of idle time pass without waiting for them.

const PASS = 'long enough passphrase';
process.env.DOSSIER_KDF_LOG2N = '10';
let clock = Date.parse('2026-03-02T09:00:00Z');
const srv = useContractServer({
  prefix: 'dossier-contract-touch-',
  host: (dataDir: string) =>
    hostInProcess(dataDir, 'browser', 'contract test', { now: () => clock, autoLockTickMs: 20 }),
});
const value = <T>(name: string, body: unknown) => srv.value<T>(name, body);
const locked = async () => (await value<{ locked: boolean }>('protection.status', {})).locked;
/** Several auto-lock ticks (20 ms each) on the real clock. */
const ticks = () => new Promise((r) => setTimeout(r, 200));

describe('protection.touch', () => {
  it('answers null on an unprotected notebook and refuses unknown input', async () => {
    expect(await value('protection.touch', {})).toEqual({ autoLockInMs: null });
    const bad = await srv.call('protection.touch', { minutes: 5 });
    expect(bad.status).toBe(400);
    expect(bad.error?.code).toBe('BAD_INPUT');
  });

  it('restarts the idle time: a touch 45 s in keeps the notebook open at 90 s; it locks a minute after the touch', async () => {
    await value('protection.enable', { passphrase: PASS });
    expect(await value('protection.setAutoLock', { minutes: 1 })).toMatchObject({ autoLockMinutes: 1 });
    expect(await value('protection.touch', {})).toEqual({ autoLockInMs: 60_000 });

    // 45 s idle, then a touch: 45 s later (90 s after the last call before it) the notebook is still open.
    clock += 45_000;
    expect(await value('protection.touch', {})).toEqual({ autoLockInMs: 60_000 });
    clock += 45_000;
    await value('store.status', {}); // a poll, not use
    await ticks();
    expect(await locked()).toBe(false);

    // Past a minute since the touch: locked.
    clock += 20_000;
    await expect.poll(locked, { timeout: 5_000 }).toBe(true);
  });

  it('while locked answers NOTEBOOK_LOCKED and opens nothing', async () => {
    expect(await locked()).toBe(true);
    const r = await srv.call('protection.touch', {});
    expect(r.status).toBe(423);
    expect(r.error?.code).toBe('NOTEBOOK_LOCKED');
    expect(await locked()).toBe(true);
    expect((await srv.call('notes.list', { filter: {} })).status).toBe(423);

    // After an unlock the idle time starts at the unlock, and a touch restarts it again.
    await value('protection.unlock', { passphrase: PASS });
    clock += 50_000;
    await value('protection.touch', {});
    clock += 50_000;
    await ticks();
    expect(await locked()).toBe(false);
  });
});
