import { beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { useCli } from './run-cli.js';
import { openApp } from '../../electron/shell/open-app.js';
import type { ExportLogEntry } from '../../electron/contract/index.js';

// Guarded export through the real bundled `dossier` command on a temp data dir.

const cli = useCli({ artifact: 'cli-markings', prefix: 'dossier-cli-markings-' });
const { run } = cli;

beforeAll(async () => {
  const app = await openApp(cli.dataDir, 'cli');
  const t = await app.core.createTopic({ name: 'Seeker', partners: ['KAIST', 'Fraunhofer FHR'] });
  const mk = async (title: string, marking: string, rel?: string[]) => {
    const n = await app.core.createNote({ topicId: t.id, title, body: title });
    await app.core.setNoteMarking(n.id, { marking, ...(rel ? { releasableTo: rel } : {}) });
  };
  await mk('Programme overview', 'PUBLIC');
  await mk('Test plan', 'PARTNER CONFIDENTIAL', ['KAIST']);
  await mk('Flaw analysis', 'RESTRICTED');
  await app.close();
});

describe('dossier export with markings', () => {
  it('exits 1 and writes nothing when notes above the confirmation level lack --allow-marking', async () => {
    const out = path.join(cli.dir, 'refused');
    const r = await run(['export', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--allow-marking "RESTRICTED"');
    expect(await readdir(out).catch(() => [])).toEqual([]);
    const low = await run(['export', out, '--allow-marking', 'partner confidential']);
    expect(low.code).toBe(1);
    expect(await readdir(out).catch(() => [])).toEqual([]);
    const bad = await run(['export', out, '--allow-marking', 'TOP']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('not a level');
  });

  it('exports for a partner, reports the withheld notes, and logs every export', async () => {
    const out = path.join(cli.dir, 'kaist');
    const r = await run([
      'export',
      out,
      '--partner',
      'KAIST',
      '--allow-marking',
      'PARTNER CONFIDENTIAL',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ notes: 2, withheld: 1, partner: 'KAIST' });
    expect((await readdir(path.join(out, 'Seeker'))).sort()).toEqual([
      'Programme overview.md',
      'Test plan.md',
    ]);
    const all = await run(['export', path.join(cli.dir, 'all'), '--allow-marking', 'RESTRICTED']);
    expect(all.code).toBe(0);
    expect(all.out).toContain('highest marking: RESTRICTED');
    const log = await run(['exports', '--json']);
    expect(log.code).toBe(0);
    const entries = JSON.parse(log.out) as ExportLogEntry[];
    expect(entries.map((e) => [e.partner, e.included, e.withheld, e.highest])).toEqual([
      [null, 3, 0, 'RESTRICTED'],
      ['KAIST', 2, 1, 'PARTNER CONFIDENTIAL'],
    ]);
  });
});
