import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { generateCorpus } from '../corpus.js';
import { round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import { openTopicRemote } from '../../electron/git/open-topic-remote.js';
import { keySealer, plainSealer, type Sealer } from '../../electron/store/sealed/sealer.js';
import type { TopicRemote, TreeChange } from '../../electron/git/topic-remote.js';

const RUNS = 3;

/** A note as a markdown file with front matter: close to the wire format's size (the floor, not the format). */
function files(notes: number, seed: number): TreeChange[] {
  const data = generateCorpus({ notes, seed });
  return data.notes.toArray().map((n) => ({
    path: `${n.title.replace(/[/\\:]/g, ' ')} ${n.id}.md`,
    bytes: new TextEncoder().encode(
      `---\nid: ${n.id}\ntags: [${n.tags.join(', ')}]\ncreated: ${n.createdAt}\n---\n${n.body}\n`,
    ),
  }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * CPU time (ms) of this process and of its children that have ended (Linux: /proc/self/stat cutime+cstime,
 * 100 ticks a second); null elsewhere. On a shared 2-core machine wall time swings with the load, CPU time much
 * less, so both are reported.
 */
function cpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const children = (Number(fields[13]) + Number(fields[14])) * 10;
    const own = process.cpuUsage();
    return children + (own.user + own.system) / 1000;
  } catch {
    return null;
  }
}

/** Runs `fn`, adding its wall time to `wall` and its CPU time (git's included) to `cpu`. */
async function timed<T>(wall: number[], cpu: number[], fn: () => Promise<T>): Promise<T> {
  const c0 = cpuMs();
  const t0 = performance.now();
  const value = await fn();
  wall.push(performance.now() - t0);
  const c1 = cpuMs();
  if (c0 !== null && c1 !== null) cpu.push(c1 - c0);
  return value;
}

/** The same files through `git fast-import` alone (no Dossier code): the floor the adapter is held to. */
function rawFastImport(gitDir: string, changes: TreeChange[]): { wall: number; cpu: number | null } {
  const pieces: Buffer[] = [
    Buffer.from('commit refs/heads/main\ncommitter B <b@x> 1700000000 +0000\ndata 1\nm\n'),
  ];
  for (const c of changes)
    if ('bytes' in c)
      pieces.push(
        Buffer.from(`M 100644 inline "${c.path.replace(/["\\]/g, '_')}"\ndata ${c.bytes.length}\n`),
        Buffer.from(c.bytes),
        Buffer.from('\n'),
      );
  const input = Buffer.concat(pieces);
  execFileSync('git', ['init', '--bare', '--quiet', gitDir]);
  const c0 = cpuMs();
  const t0 = performance.now();
  execFileSync('git', ['--git-dir', gitDir, 'fast-import', '--quiet'], { input, maxBuffer: 1 << 26 });
  const wall = performance.now() - t0;
  const c1 = cpuMs();
  return { wall, cpu: c0 !== null && c1 !== null ? c1 - c0 : null };
}

/**
 * The git adapter on a 10k-note topic (`--suite git`): a first commit through fast-import and the push of it
 * to a bare repository on disk (the floor: 0.95 s and 0.12 s), listing and reading every blob, a
 * commit of 100 changed notes, the cheap "anything new?" checks, and a protected notebook's flush and reopen.
 * Each is the median of RUNS runs, with the spread (max − min).
 */
export const gitSuite: BenchSuite = {
  name: 'git',
  async run(notes, { seed, tmpDir, log }) {
    const changes = files(notes, seed);
    const mb = changes.reduce((s, c) => s + ('bytes' in c ? c.bytes.length : 0), 0) / 1024 / 1024;
    log(`${changes.length} files, ${round(mb, 1)} MB`);
    const m: Record<string, number[]> = {};
    const sample = (name: string) => (m[name] ??= []);
    const time = <T>(name: string, fn: () => Promise<T>) =>
      timed(sample(`${name}_ms`), sample(`${name}_cpu_ms`), fn);
    const author = { name: 'Bench', email: 'bench@example.org', time: new Date('2025-01-01T00:00:00Z') };

    for (let run = 0; run < RUNS; run++) {
      const dir = path.join(tmpDir, `run${run}`);
      await mkdir(dir, { recursive: true });
      const raw = rawFastImport(path.join(dir, 'raw.git'), changes);
      sample('raw_fast_import_ms').push(raw.wall);
      if (raw.cpu !== null) sample('raw_fast_import_cpu_ms').push(raw.cpu);
      // The floor of a first push: plain `git push` of that repository to a bare one on disk.
      execFileSync('git', ['init', '--bare', '--quiet', path.join(dir, 'raw-remote.git')]);
      await time('raw_push', async () =>
        execFileSync('git', [
          '--git-dir',
          path.join(dir, 'raw.git'),
          'push',
          '--quiet',
          path.join(dir, 'raw-remote.git'),
          'main',
        ]),
      );
      const remote = path.join(dir, 'remote.git');
      execFileSync('git', ['init', '--bare', '--quiet', remote]);
      const open = (dataDir: string, sealer: Sealer) =>
        openTopicRemote({ dataDir, topicId: 'bench', url: remote, branch: 'main', sealer });

      const a: TopicRemote = await open(path.join(dir, 'a'), plainSealer);
      const first = await time('first_commit', () => a.commit(null, changes, 'first', author));
      await time('first_push', () => a.push(first));
      const b = await open(path.join(dir, 'b'), plainSealer);
      await time('first_fetch', () => b.fetch());
      const tree = await time('list_tree', () =>
        b.listTree(first, { maxBlobBytes: 1 << 24, maxEntries: 1_000_000 }),
      );
      await time('read_all_blobs', () =>
        b.readBlobs(
          tree.map((e) => e.id),
          1 << 24,
        ),
      );
      await time('remote_tip', () => b.remoteTip());
      await time('fetch_nothing_new', () => b.fetch());
      const changed = changes.slice(0, 100).map((c) => ({
        path: c.path,
        bytes: new TextEncoder().encode(`edited ${run}\n`),
      }));
      const second = await time('commit_100_changed', () => b.commit(first, changed, 'edit', author));
      await time('push_100_changed', () => b.push(second));
      await time('fetch_100_changed', () => a.fetch());
      await a.close();
      await b.close();

      // Protected notebook: the first flush seals the new pack; a reopen unseals it into the private copy.
      const sealer = keySealer(randomBytes(32), { requireSealed: true });
      const s = await open(path.join(dir, 's'), sealer);
      await s.fetch();
      await time('sealed_first_flush', () => s.flush());
      await s.close();
      const reopened = await time('sealed_open', () => open(path.join(dir, 's'), sealer));
      await reopened.close();
      await rm(dir, { recursive: true, force: true });
    }

    const rows: BenchRow[] = [];
    for (const [metric, xs] of Object.entries(m)) {
      rows.push({ suite: 'git', notes, metric, value: round(median(xs), 1), unit: 'ms' });
      rows.push({
        suite: 'git',
        notes,
        metric: `${metric.replace(/_ms$/, '')}_spread_ms`,
        value: round(Math.max(...xs) - Math.min(...xs), 1),
        unit: 'ms',
      });
    }
    rows.push({ suite: 'git', notes, metric: 'topic_mb', value: round(mb, 2), unit: 'MB' });
    return rows;
  },
};
