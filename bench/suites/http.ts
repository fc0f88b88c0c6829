import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateCorpus } from '../corpus.js';
import { percentile, round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import { STORE_FILE } from '../../electron/store/open-store.js';
import { hostInWorker } from '../../electron/shell/worker-host.js';
import { startWebServer } from '../../electron/web/server.js';

/**
 * The word and prefix queries timed side by side (old and new build, alternately) in issue 21, plus the
 * calls the renderer makes after every change (queries.ts invalidateAfterNoteChange).
 */
const QUERIES = ['radar', 'seek*', 'calibration waveform', 'radar s', 'kalman'];
const ROUNDS = 25;

/**
 * Browser mode as a user runs it: the core in its worker, the contract over HTTP on 127.0.0.1, timed from
 * the client's side (request to parsed JSON). Medians per call, after the index is ready and one warm-up.
 */
export const httpSuite: BenchSuite = {
  name: 'http',
  async run(notes, { seed, tmpDir, log }) {
    const dataDir = path.join(tmpDir, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, STORE_FILE), JSON.stringify(generateCorpus({ notes, seed })));
    const app = await hostInWorker({ dataDir, mode: 'browser', owner: 'bench' });
    const server = await startWebServer({ api: app.api, rendererDir: tmpDir });
    const call = async (name: string, input: unknown): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${server.port}/api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean };
      if (!body.ok) throw new Error(`${name} failed: ${JSON.stringify(body)}`);
      return performance.now() - t0;
    };
    const list = (text: string) =>
      call('notes.list', { filter: { text }, sort: 'relevance', offset: 0, limit: 50, facets: true });
    try {
      // The first text query waits for the index (built, no cache yet).
      await list('radar');
      const calls: [string, () => Promise<number>][] = [
        ...QUERIES.map((q): [string, () => Promise<number>] => [`query "${q}"`, () => list(q)]),
        ['topics.list', () => call('topics.list', {})],
        ['app.info', () => call('app.info', {})],
        ['tags.list', () => call('tags.list', {})],
        ['undo.peek', () => call('undo.peek', {})],
        ['store.changes', () => call('store.changes', { since: 0 })],
        ['trash count', () => call('notes.list', { filter: { trash: true }, limit: 1 })],
      ];
      for (const [, run] of calls) await run(); // warm-up
      const times = new Map<string, number[]>(calls.map(([k]) => [k, []]));
      // Interleaved rounds, so a burst of load from elsewhere on the machine spreads over every call.
      for (let r = 0; r < ROUNDS; r++) for (const [k, run] of calls) times.get(k)!.push(await run());
      // The same calls right after a save, as the renderer refreshes them (each save makes a new state).
      const after = new Map<string, number[]>(calls.map(([k]) => [k, []]));
      const ids = await app.api['notes.list']({ filter: {}, limit: ROUNDS });
      for (const [i, n] of ids.items.entries()) {
        await app.api['notes.update']({ id: n.id, body: `edited over HTTP ${i}\n` });
        for (const [k, run] of calls) after.get(k)!.push(await run());
      }
      const rows: BenchRow[] = [];
      const slug = (k: string) => k.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '');
      const parts: string[] = [];
      for (const [k, ms] of times) {
        const med = percentile(ms, 50);
        const afterSave = percentile(after.get(k)!, 50);
        parts.push(`${k} ${round(med, 2)} (after a save ${round(afterSave, 2)})`);
        rows.push({ suite: 'http', notes, metric: `${slug(k)}_p50_ms`, value: round(med, 3), unit: 'ms' });
        rows.push({
          suite: 'http',
          notes,
          metric: `${slug(k)}_after_save_p50_ms`,
          value: round(afterSave, 3),
          unit: 'ms',
        });
      }
      log(`over HTTP, median ms: ${parts.join(', ')}`);
      return rows;
    } finally {
      await server.close();
      await app.close();
    }
  },
};
