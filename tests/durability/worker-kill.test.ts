import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hostInWorker, type WorkerHostedApp } from '../../electron/shell/worker-host.js';
import { openStore } from '../../electron/store/open-store.js';
import { DossierError } from '../../electron/domain/errors.js';
import { seededRandom } from '../../bench/random.js';

// Fault injection for the worker-hosted core: saves run through the contract while the shell's worker is
// terminated at seeded-random moments. The shell must restart it (taking over the lock in this same
// process), and every save that was answered must be there afterwards, through the API and on disk.

const KILLS = Number(process.env.DOSSIER_WORKER_KILLS ?? 30);
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-worker-kill-'));
});
afterAll(async () => {
  delete process.env.DOSSIER_JOURNAL_MAX_BYTES;
  await rm(work, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the core worker dies during saves', () => {
  it(`restarts it and loses no acknowledged save across ${KILLS} terminations`, async () => {
    const dataDir = path.join(work, 'data');
    // A small journal limit makes terminations land in compactions and journal rotations too.
    process.env.DOSSIER_JOURNAL_MAX_BYTES = '30000';
    const host: WorkerHostedApp = await hostInWorker(
      { dataDir, mode: 'browser', owner: 'worker-kill test' },
      { maxRestartsPerMinute: 10_000 },
    );
    const rand = seededRandom(20261126);
    /** per note: the highest revision whose save was answered */
    const acked = new Map<string, number>();
    let answered = 0;
    for (let i = 0; i < KILLS; i++) {
      let stop = false;
      const saver = (async () => {
        for (let n = 0; !stop; n++) {
          try {
            const ids = [...acked.keys()];
            if (ids.length > 0 && n % 3 === 2) {
              // An edit of an earlier note: its body names the revision.
              const id = ids[Math.floor(rand() * ids.length)]!;
              const rev = acked.get(id)! + 1;
              await host.api['notes.update']({ id, body: `rev ${rev} ${'y'.repeat(300)}` });
              acked.set(id, Math.max(acked.get(id)!, rev));
            } else {
              const note = await host.api['notes.create']({
                title: `kill ${i} save ${n}`,
                body: `rev 0 ${'x'.repeat(200 + n * 40)}`,
                tags: ['fault/injection'],
              });
              acked.set(note.id, 0);
            }
            answered += 1;
          } catch (err) {
            // The one call in flight when the worker died: not answered, so not promised.
            expect(err).toBeInstanceOf(DossierError);
            expect((err as DossierError).code).toBe('SAVE_FAILED');
            return;
          }
        }
      })();
      await sleep(rand() < 0.8 ? Math.floor(rand() * 30) : Math.floor(rand() * 150));
      await host.worker()?.terminate();
      stop = true;
      await saver;
      await host.whenReady();
      // Through the restarted worker: every answered save is there, at its answered revision or later.
      for (const [id, rev] of acked) {
        const note = await host.api['notes.get']({ id });
        const got = Number(/^rev (\d+) /.exec(note.body)?.[1]);
        if (!(got >= rev)) throw new Error(`after kill ${i + 1}: note ${id} has rev ${got}, answered ${rev}`);
      }
    }
    // The restarted worker took over the lock its dead predecessor left (same process), and holds it.
    const lock = JSON.parse(await readFile(path.join(dataDir, 'dossier.lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    expect(host.restarts()).toBe(KILLS);
    expect((await host.api['store.status']({})).restarts).toBe(KILLS);
    expect(answered).toBeGreaterThan(KILLS / 2);
    await host.close();

    // On disk, opened without the worker: the same, and nothing left behind (lock, temp files).
    const store = await openStore(dataDir, { owner: 'verifier' });
    for (const [id, rev] of acked) {
      const got = Number(/^rev (\d+) /.exec(store.get().notes.get(id)?.body ?? '')?.[1]);
      expect(got, id).toBeGreaterThanOrEqual(rev);
    }
    await store.close();
    const left = (await readdir(dataDir)).filter(
      (n) =>
        n !== 'dossier.json' &&
        n !== 'backups' &&
        n !== 'history' &&
        n !== 'search-index.bin' &&
        n !== 'link-index.json', // the link index cache (issue 13), written at close like the search index
    );
    expect(left).toEqual([]);
  }, 240_000);
});
