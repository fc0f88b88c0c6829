import { copyFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateCorpus } from '../corpus.js';
import { percentile, round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import { openStore, STORE_FILE } from '../../electron/store/open-store.js';
import { notesChanged } from '../../electron/domain/changes.js';
import { noteOf, withNote } from '../../electron/domain/note-access.js';
import { workerStalls } from '../worker-stall.js';
import { withStall } from '../stall.js';

const EDITS = 20;

/** Time to an acknowledged (durable) save after a one-note edit, and the longest event-loop stall meanwhile. */
export const durabilitySuite: BenchSuite = {
  name: 'durability',
  async run(notes, { seed, tmpDir, log }) {
    // The corpus is only written: this thread plays the app's shell below, which holds no notes.
    const corpusFile = path.join(tmpDir, 'corpus.json');
    await writeFile(corpusFile, JSON.stringify(generateCorpus({ notes, seed })));
    await copyFile(corpusFile, path.join(tmpDir, STORE_FILE));
    const store = await openStore(tmpDir, { owner: 'bench' });
    const ids = [...store.get().notes.keys()];
    const times: number[] = [];
    const edits = await withStall(async () => {
      for (let i = 0; i < EDITS; i++) {
        const current = store.get();
        const id = ids[(i * 7919) % ids.length]!;
        const note = noteOf(current, id)!;
        // Timed as the core does an edit: a new state (the notes map with one note replaced), a commit naming it.
        const t0 = performance.now();
        const next = withNote(current, {
          ...note,
          body: note.body + `\nedit ${i}`,
          updatedAt: new Date().toISOString(),
        });
        await store.commit(next, notesChanged([id]));
        times.push(performance.now() - t0);
      }
    });
    const editStall = edits.stallMs;
    // Compaction (background snapshot of the whole store) measured on its own.
    const c0 = performance.now();
    const compaction = await withStall(() => store.compactNow());
    const compactionMs = performance.now() - c0;
    const compactionStall = compaction.stallMs;
    await store.close();
    const size = (await stat(path.join(tmpDir, STORE_FILE))).size / 1024 / 1024;
    const stall = editStall;
    // The same store hosted as the app runs it: core in the worker, shell thread measured apart.
    const hosted = await workerStalls(corpusFile, notes, tmpDir, log);
    log(
      `compaction ${round(compactionMs, 0)} ms, max stall during compaction ${round(compactionStall, 1)} ms`,
    );
    log(
      `save p50 ${round(percentile(times, 50), 1)} ms, p95 ${round(percentile(times, 95), 1)} ms, max stall ${round(stall, 1)} ms, ${round(size, 1)} MB`,
    );
    const row = (metric: string, value: number, unit: string): BenchRow => ({
      suite: 'durability',
      notes,
      metric,
      value: round(value, 2),
      unit,
    });
    return [
      row('save_p50_ms', percentile(times, 50), 'ms'),
      row('save_p95_ms', percentile(times, 95), 'ms'),
      row('max_loop_stall_ms', stall, 'ms'),
      row('store_mb', size, 'MB'),
      row('compaction_ms', compactionMs, 'ms'),
      row('compaction_max_stall_ms', compactionStall, 'ms'),
      row('shell_max_stall_ms', hosted.shellMaxMs, 'ms'),
      row('shell_idle_max_stall_ms', hosted.shellIdleMs, 'ms'),
      row('worker_max_stall_ms', hosted.workerMaxMs, 'ms'),
    ];
  },
};
