import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hostApp } from '../../electron/shell/app-host.js';
import { useContractServer } from './harness.js';
import { generateCorpus } from '../../bench/corpus.js';

// The shell keeps answering while the core works: during a long import and a long export (run by the core
// worker), store.status round trips through the real browser-mode server stay short. Measured as the
// median of many round trips, so one slow moment on a loaded machine does not decide it.

const NOTES = Number(process.env.DOSSIER_RESPONSIVE_NOTES ?? 8000);
const IMPORT_FILES = 3000;
const web = useContractServer({
  prefix: 'dossier-responsive-',
  host: (dataDir: string) => hostApp(dataDir, 'browser', 'responsiveness test'),
  prepare: async ({ dir, dataDir }) => {
    await mkdir(dataDir);
    await writeFile(
      path.join(dataDir, 'dossier.json'),
      JSON.stringify(generateCorpus({ notes: NOTES, seed: 7 })),
    );
    const source = path.join(dir, 'source');
    await mkdir(source);
    for (let i = 0; i < IMPORT_FILES; i++)
      await writeFile(
        path.join(source, `note-${i}.md`),
        `---\ntitle: Imported ${i}\ntags: [import/batch, partner/kaist]\n---\n\n${'Seeker radar calibration notes. '.repeat(40)} #trial${i % 50}\n`,
      );
  },
  timeout: 120_000,
});
const { call } = web;

/** Round trips of store.status while `work` runs; returns their durations (ms) and the work's result. */
async function roundTripsDuring(
  work: Promise<{ ok: boolean; value?: unknown }>,
): Promise<{ times: number[]; result: { ok: boolean; value?: unknown } }> {
  let done = false;
  const finished = work.finally(() => (done = true));
  const times: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const r = await call('store.status', {});
    times.push(performance.now() - t0);
    expect(r.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { times, result: await finished };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('the shell stays responsive while the core works', () => {
  it('answers store.status quickly during a long import', async () => {
    const { times, result } = await roundTripsDuring(
      call('import.run', { source: path.join(web.dir, 'source') }),
    );
    expect(result.ok).toBe(true);
    expect((result.value as { added: number }).added).toBe(IMPORT_FILES);
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(median(times)).toBeLessThanOrEqual(50);
  }, 120_000);

  it('answers store.status quickly during a long export', async () => {
    const { times, result } = await roundTripsDuring(
      call('export.run', { scope: { kind: 'all' }, dir: path.join(web.dir, 'export'), format: 'files' }),
    );
    expect(result.ok).toBe(true);
    expect((result.value as { notes: number }).notes).toBe(NOTES + IMPORT_FILES);
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(median(times)).toBeLessThanOrEqual(50);
  }, 120_000);
});
