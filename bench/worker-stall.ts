import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { STORE_FILE } from '../electron/store/open-store.js';
import { hostInWorker } from '../electron/shell/worker-host.js';
import { round } from './results.js';
import { stallMeter } from '../electron/shell/stall-meter.js';

/**
 * The app as Electron and browser mode run it (core in the worker), driven through the contract: open with
 * a first index build, an import, an export to files and one to a .zip, saves and the compactions they
 * trigger. Returns the longest stall of the shell thread and of the worker per phase.
 */
export async function workerStalls(
  corpusFile: string,
  notes: number,
  dir: string,
  log: (line: string) => void,
): Promise<{ shellIdleMs: number; shellMaxMs: number; workerMaxMs: number }> {
  const dataDir = path.join(dir, 'worker-data');
  const source = path.join(dir, 'worker-import');
  await mkdir(dataDir, { recursive: true });
  await mkdir(source, { recursive: true });
  await copyFile(corpusFile, path.join(dataDir, STORE_FILE));
  const files = Math.min(4000, Math.max(200, Math.floor(notes / 25)));
  for (let i = 0; i < files; i++)
    await writeFile(
      path.join(source, `imported-${i}.md`),
      `---\ntitle: Imported ${i}\ntags: [import/batch]\n---\n\n${'Calibration of the seeker radar on the range. '.repeat(30)}\n`,
    );
  // A small journal limit, so the import and the saves trigger background compactions (full snapshots).
  process.env.DOSSIER_JOURNAL_MAX_BYTES = String(1024 * 1024);
  // Measured from a settled heap, as a shell that has just started: the suite's own earlier work (an
  // in-process store of the same notes) is garbage by now, but collecting it would count as a stall here.
  (globalThis as { gc?: () => void }).gc?.();
  const shell = stallMeter();
  const phases: { phase: string; shell: number; worker: number }[] = [];
  let app: Awaited<ReturnType<typeof hostInWorker>> | null = null;
  const phase = async (name: string, work: () => Promise<unknown>) => {
    await work();
    const worker = app && name !== 'close' ? await app.workerMaxStallMs(true) : 0;
    phases.push({ phase: name, shell: shell.take(), worker });
  };
  try {
    // The same meter with nothing to do: on a loaded machine this is the scheduler's share of every phase.
    await phase('idle', () => new Promise((r) => setTimeout(r, 2000)));
    await phase('open', async () => {
      app = await hostInWorker({ dataDir, mode: 'browser', owner: 'bench' });
      await app.workerMaxStallMs(true); // starts the worker's own meter
    });
    const api = app!.api;
    // A text query waits for the index: the first build, no cache yet.
    await phase('index build', () => api['notes.list']({ filter: { text: 'radar' }, limit: 50 }));
    await phase('import', () => api['import.run']({ source }));
    await phase('export', () =>
      api['export.run']({ scope: { kind: 'all' }, dir: path.join(dir, 'worker-export') }),
    );
    await phase('export zip', () =>
      api['export.run']({ scope: { kind: 'all' }, dir: path.join(dir, 'worker-export'), format: 'zip' }),
    );
    const ids = (await api['notes.list']({ filter: {}, limit: 20 })).items.map((n) => n.id);
    await phase('saves', async () => {
      for (const [i, id] of ids.entries()) await api['notes.update']({ id, body: `edited ${i}\n` });
    });
    // Let the compaction the import started finish while measured.
    await phase('compaction', async () => {
      const until = performance.now() + 15_000;
      while (performance.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
        if ((await api['store.status']({})).state === 'saved') break;
      }
      await new Promise((r) => setTimeout(r, 2000));
    });
    await phase('close', () => app!.close());
  } finally {
    shell.stop();
    delete process.env.DOSSIER_JOURNAL_MAX_BYTES;
  }
  log(
    'worker-hosted stalls (shell / worker, ms): ' +
      phases.map((p) => `${p.phase} ${round(p.shell, 1)} / ${round(p.worker, 1)}`).join(', '),
  );
  const working = phases.filter((p) => p.phase !== 'idle');
  return {
    shellIdleMs: phases[0]!.shell,
    shellMaxMs: Math.max(...working.map((p) => p.shell)),
    workerMaxMs: Math.max(...working.map((p) => p.worker)),
  };
}
