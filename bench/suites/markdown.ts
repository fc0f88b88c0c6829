import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateCorpus } from '../corpus.js';
import { round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import { STORE_FILE } from '../../electron/store/open-store.js';
import { openApp } from '../../electron/shell/open-app.js';

/** Export of every note to markdown files, then import of that folder into an empty store (notes/s). */
export const markdownSuite: BenchSuite = {
  name: 'markdown',
  async run(notes, { seed, tmpDir, log }) {
    const source = path.join(tmpDir, 'source');
    const target = path.join(tmpDir, 'target');
    const out = path.join(tmpDir, 'export');
    await mkdir(source, { recursive: true });
    await writeFile(path.join(source, STORE_FILE), JSON.stringify(generateCorpus({ notes, seed })));

    const from = await openApp(source, 'browser');
    const e0 = performance.now();
    const exported = await from.core.exportMarkdown({ kind: 'all' }, out);
    const exportMs = performance.now() - e0;
    // The same export into RAM (tmpfs), where it exists: separates our code from this disk's file-creation latency.
    let tmpfsMs: number | null = null;
    if (existsSync('/dev/shm')) {
      const shm = await mkdtemp('/dev/shm/dossier-bench-');
      try {
        const s0 = performance.now();
        await from.core.exportMarkdown({ kind: 'all' }, shm);
        tmpfsMs = performance.now() - s0;
      } finally {
        await rm(shm, { recursive: true, force: true });
      }
    }
    await from.close();

    const into = await openApp(target, 'browser');
    const i0 = performance.now();
    const imported = await into.core.runImport(out);
    const importMs = performance.now() - i0;
    await into.close();
    if (imported.added !== notes || exported.files !== notes)
      throw new Error(
        `round trip lost notes: exported ${exported.files}, imported ${imported.added} of ${notes}`,
      );
    const folders = (await readdir(out)).length;
    const exportRate = notes / (exportMs / 1000);
    const importRate = notes / (importMs / 1000);
    log(
      `export ${round(exportMs, 0)} ms (${round(exportRate, 0)} notes/s, ${folders} topic folders${tmpfsMs === null ? '' : `; to tmpfs ${round(notes / (tmpfsMs / 1000), 0)} notes/s`}), import ${round(importMs, 0)} ms (${round(importRate, 0)} notes/s)`,
    );
    const row = (metric: string, value: number, unit: string): BenchRow => ({
      suite: 'markdown',
      notes,
      metric,
      value: round(value, 1),
      unit,
    });
    const rows =
      tmpfsMs === null ? [] : [row('export_tmpfs_notes_per_s', notes / (tmpfsMs / 1000), 'notes/s')];
    return [
      ...rows,
      row('export_notes_per_s', exportRate, 'notes/s'),
      row('import_notes_per_s', importRate, 'notes/s'),
      row('export_ms', exportMs, 'ms'),
      row('import_ms', importMs, 'ms'),
    ];
  },
};
