import { Map as IMap, OrderedMap as IOrderedMap } from 'immutable';
import { generateCorpus } from '../corpus.js';
import { percentile, round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import type { Note } from '../../electron/domain/model.js';
import { ChunkedMap } from '../../electron/domain/chunked-map.js';

declare const gc: (() => void) | undefined;
const collect = () => (typeof gc === 'function' ? gc() : undefined);

/** The operations the store's notes need, over each candidate representation. */
type Candidate = {
  name: string;
  load(record: Record<string, Note>): unknown;
  set(map: unknown, id: string, note: Note): unknown;
  get(map: unknown, id: string): Note | undefined;
  each(map: unknown, fn: (note: Note) => void): void;
  /** the JSON text of the notes object as the store writes it */
  json(map: unknown): string;
};

type Plain = Record<string, Note>;
type Chunked = ChunkedMap<Note>;
type Hamt = IMap<string, Note>;
type Ordered = IOrderedMap<string, Note>;

const candidates: Candidate[] = [
  {
    name: 'plain_object',
    load: (r) => ({ ...r }),
    set: (m, id, n) => ({ ...(m as Plain), [id]: n }),
    get: (m, id) => (m as Plain)[id],
    each: (m, fn) => {
      for (const n of Object.values(m as Plain)) fn(n);
    },
    json: (m) => JSON.stringify(m),
  },
  {
    name: 'chunked_map',
    load: (r) => ChunkedMap.fromRecord(r),
    set: (m, id, n) => (m as Chunked).set(id, n),
    get: (m, id) => (m as Chunked).get(id),
    each: (m, fn) => (m as Chunked).forEach(fn),
    json: (m) => JSON.stringify(m),
  },
  {
    name: 'immutable_map',
    load: (r) => IMap(r),
    set: (m, id, n) => (m as Hamt).set(id, n),
    get: (m, id) => (m as Hamt).get(id),
    each: (m, fn) => {
      (m as Hamt).forEach((n) => void fn(n));
    },
    json: (m) => JSON.stringify(m),
  },
  {
    name: 'immutable_ordered_map',
    load: (r) => IOrderedMap(r),
    set: (m, id, n) => (m as Ordered).set(id, n),
    get: (m, id) => (m as Ordered).get(id),
    each: (m, fn) => {
      (m as Ordered).forEach((n) => void fn(n));
    },
    json: (m) => JSON.stringify(m),
  },
];

function heap(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/**
 * The measurements behind the notes map's representation (domain/chunked-map.ts): a plain object as the
 * store had it, our chunked map, and immutable's Map (HAMT) and OrderedMap, over the same notes: load from
 * the parsed record, replace one note (what a save does), add one, look up, iterate all, the structure's
 * own memory per entry, the memory of 200 retained versions one save apart, and writing the JSON.
 */
export const notesMapSuite: BenchSuite = {
  name: 'notesmap',
  async run(notes, { seed, log }) {
    const record = generateCorpus({ notes, seed }).notes.toRecord();
    const ids = Object.keys(record);
    const rows: BenchRow[] = [];
    const expectedJson = JSON.stringify(record);
    for (const c of candidates) {
      const h0 = heap();
      const t0 = performance.now();
      let map = c.load(record);
      const loadMs = performance.now() - t0;
      const perEntry = (heap() - h0) / ids.length;
      // Saves: replace a note by a new object, one state after the other, each kept (undo and caches hold some).
      const versions: unknown[] = [];
      const sets: number[] = [];
      const h1 = heap();
      for (let i = 0; i < 200; i++) {
        const id = ids[(i * 7919) % ids.length]!;
        const note = { ...c.get(map, id)!, updatedAt: `2026-12-0${(i % 9) + 1}T00:00:00.000Z` };
        const s0 = performance.now();
        map = c.set(map, id, note);
        sets.push(performance.now() - s0);
        versions.push(map);
      }
      const retainedKb = (heap() - h1) / 1024 / 200;
      versions.length = 0;
      const adds: number[] = [];
      let grown = map;
      for (let i = 0; i < 200; i++) {
        const note = { ...record[ids[i]!]!, id: `new-${i}` };
        const s0 = performance.now();
        grown = c.set(grown, note.id, note);
        adds.push(performance.now() - s0);
      }
      const g0 = performance.now();
      let found = 0;
      for (let i = 0; i < 100_000; i++) if (c.get(map, ids[(i * 31) % ids.length]!)) found++;
      const getNs = ((performance.now() - g0) / 100_000) * 1e6;
      const iters: number[] = [];
      for (let r = 0; r < 7; r++) {
        let live = 0;
        const i0 = performance.now();
        c.each(map, (n) => {
          if (!n.deletedAt) live++;
        });
        iters.push(performance.now() - i0);
        if (live === 0) throw new Error('no live notes');
      }
      const j0 = performance.now();
      const json = c.json(map);
      const jsonMs = performance.now() - j0;
      const sameOrder =
        c.name === 'plain_object' || c.name === 'chunked_map' || c.name === 'immutable_ordered_map'
          ? json.length === expectedJson.length
          : null;
      if (found !== 100_000) throw new Error(`${c.name} lost notes`);
      const metrics: [string, number, string][] = [
        ['load_ms', loadMs, 'ms'],
        ['set_p50_us', percentile(sets, 50) * 1000, 'µs'],
        ['set_p95_us', percentile(sets, 95) * 1000, 'µs'],
        ['add_p50_us', percentile(adds, 50) * 1000, 'µs'],
        ['get_ns', getNs, 'ns'],
        ['iterate_ms', percentile(iters, 50), 'ms'],
        ['bytes_per_entry', perEntry, 'B'],
        ['retained_kb_per_version', retainedKb, 'KB'],
        ['json_ms', jsonMs, 'ms'],
      ];
      log(
        `${c.name}: ${metrics.map(([k, v, u]) => `${k} ${round(v, 2)} ${u}`).join(', ')}` +
          (sameOrder === null ? ' (hash order: file not byte-identical)' : ''),
      );
      for (const [metric, value, unit] of metrics)
        rows.push({ suite: 'notesmap', notes, metric: `${c.name}_${metric}`, value: round(value, 3), unit });
      map = null;
      grown = null;
    }
    return rows;
  },
};
