import { mkdir } from 'node:fs/promises';
import { generateCorpus } from '../corpus.js';
import { seededRandom } from '../random.js';
import { percentile, round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import type { StoreData } from '../../electron/domain/model.js';
import { LinkIndex } from '../../electron/core/links/link-index.js';
import { backlinksOf, outgoingOf } from '../../electron/core/links/queries.js';
import { readLinkCache, writeLinkCache } from '../../electron/core/links/link-cache.js';
import { plainSealer } from '../../electron/store/sealed/sealer.js';
import { searchNotes } from '../../electron/core/search/evaluate.js';
import { TextIndex } from '../../electron/core/search/text-index.js';
import { noteList, noteOf, withNote } from '../../electron/domain/note-access.js';

/**
 * The corpus with 3 links per note appended (wikilinks, some with a label or a heading): targets are
 * skewed (a few hub notes, such as action lists, get hundreds of backlinks, most notes a few), as in a
 * programme office's notes.
 */
export function withLinks(data: StoreData, seed: number): StoreData {
  const rand = seededRandom(seed + 13);
  const notes = noteList(data);
  const out = data.notes.edit();
  for (const n of notes) {
    const links: string[] = [];
    for (let k = 0; k < 3; k++) {
      const t = notes[Math.floor(notes.length * rand() ** 2)]!;
      const r = rand();
      links.push(
        r < 0.2 ? `[[${t.title}|see here]]` : r < 0.3 ? `[[${t.title}#Action items]]` : `[[${t.title}]]`,
      );
    }
    out.set(n.id, { ...n, body: `${n.body}\n\nRelated: ${links.join(', ')}.` });
  }
  return { ...data, notes: out.done() };
}

const timed = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
};

/** Link index build (sliced and at once), cache write/restore, backlinks p95, an edit's sync, linksto: queries. */
export const linksSuite: BenchSuite = {
  name: 'links',
  async run(notes, { seed, tmpDir, log }) {
    const data = withLinks(generateCorpus({ notes, seed }), seed);
    const ids = [...data.notes.keys()];
    const rand = seededRandom(seed + 99);

    const [index, syncBuildMs] = timed(() => LinkIndex.of(data));
    const sliced = new LinkIndex();
    const b0 = performance.now();
    await sliced.build(() => data);
    const slicedBuildMs = performance.now() - b0;
    await mkdir(tmpDir, { recursive: true });
    const w0 = performance.now();
    await writeLinkCache(tmpDir, index, plainSealer);
    const cacheWriteMs = performance.now() - w0;
    const cached = new LinkIndex();
    const r0 = performance.now();
    await cached.build(
      () => data,
      () => readLinkCache(tmpDir, plainSealer),
    );
    const restoreMs = performance.now() - r0;
    if (cached.restoredDocs !== ids.length)
      throw new Error(`cache restored ${cached.restoredDocs} of ${ids.length}`);

    const samples: number[] = [];
    let found = 0;
    let most = 0;
    for (let i = 0; i < 400; i++) {
      const id = ids[Math.floor(rand() * ids.length)]!;
      const [back, ms] = timed(() => backlinksOf(index, id));
      samples.push(ms);
      const count = back.reduce((a, b) => a + b.items.length, 0);
      found += count;
      most = Math.max(most, count);
    }
    // The busiest note (the hub with the most backlinks).
    const hub = ids[0]!;
    const [hubBack, hubMs] = timed(() => backlinksOf(index, hub));
    const outSamples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const id = ids[Math.floor(rand() * ids.length)]!;
      outSamples.push(timed(() => outgoingOf(index, noteOf(data, id)!))[1]);
    }
    // One edit (a body change adding a link) kept in sync, as Dossier.mutate does.
    const syncSamples: number[] = [];
    let state = data;
    for (let i = 0; i < 200; i++) {
      const id = ids[Math.floor(rand() * ids.length)]!;
      const n = noteOf(state, id)!;
      const next = withNote(state, {
        ...n,
        body: `${n.body} [[${noteOf(state, hub)!.title}]]`,
        updatedAt: new Date().toISOString(),
      });
      syncSamples.push(timed(() => index.sync(state, next, [id]))[1]);
      state = next;
    }
    const text = new TextIndex();
    await text.build(() => state);
    const title = noteOf(state, ids[Math.floor(rand() * ids.length)]!)!.title.replace(/"/g, '');
    const querySamples: number[] = [];
    // Warm-up: the first query after a change sorts the notes once (a cache every search shares).
    searchNotes(state, text, { text: 'radar' }, { sort: 'updated', offset: 0, limit: 50, links: index });
    for (let i = 0; i < 20; i++)
      querySamples.push(
        timed(() =>
          searchNotes(
            state,
            text,
            { text: `linksto:"${title}"` },
            { sort: 'updated', offset: 0, limit: 50, links: index },
          ),
        )[1],
      );
    const mem = index.memory();
    log(
      `build ${round(syncBuildMs, 0)} ms at once / ${round(slicedBuildMs, 0)} ms in slices (${mem.links} links), cache write ${round(cacheWriteMs, 0)} ms, restore ${round(restoreMs, 0)} ms; backlinks p50 ${round(percentile(samples, 50), 3)} ms p95 ${round(percentile(samples, 95), 3)} ms (avg ${round(found / 400, 1)}, max sampled ${most}); hub (${hubBack.reduce((a, b) => a + b.items.length, 0)} links) ${round(hubMs, 2)} ms; sync p95 ${round(percentile(syncSamples, 95), 3)} ms; linksto: p95 ${round(percentile(querySamples, 95), 1)} ms`,
    );
    const row = (metric: string, value: number, unit: string): BenchRow => ({
      suite: 'links',
      notes,
      metric,
      value: round(value, 3),
      unit,
    });
    return [
      row('index build (at once)', syncBuildMs, 'ms'),
      row('index build (sliced)', slicedBuildMs, 'ms'),
      row('cache write', cacheWriteMs, 'ms'),
      row('build from cache', restoreMs, 'ms'),
      row('backlinks p50', percentile(samples, 50), 'ms'),
      row('backlinks p95', percentile(samples, 95), 'ms'),
      row('backlinks of hub note', hubMs, 'ms'),
      row('outgoing p95', percentile(outSamples, 95), 'ms'),
      row('sync one edit p95', percentile(syncSamples, 95), 'ms'),
      row('linksto: query p95', percentile(querySamples, 95), 'ms'),
      row('links indexed', mem.links, 'links'),
    ];
  },
};
