import { describe, expect, it } from 'vitest';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useCli } from './run-cli.js';
import { openApp } from '../../electron/shell/open-app.js';

// The `dossier` command as users run it: a real bundled process on a temp data dir.

const cli = useCli({ artifact: 'cli', prefix: 'dossier-cli-' });
const { run } = cli;

describe('dossier command', () => {
  it('prints usage and exits 2 on wrong usage, 0 on --help', async () => {
    expect((await run(['--help'])).code).toBe(0);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: dossier');
    const unknown = await run(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.err).toContain('unknown command "frobnicate"');
    expect((await run(['search'])).code).toBe(2);
    expect((await run(['search', 'x', '--limit', 'lots'])).code).toBe(2);
  });

  it('imports, searches, exports (files, query, brief, zip) and reports stats', async () => {
    const src = path.join(cli.dir, 'vault');
    await mkdir(path.join(src, 'Seeker co-development'), { recursive: true });
    await writeFile(
      path.join(src, 'Seeker co-development', 'kickoff.md'),
      '---\ntitle: Kick-off minutes\ntags: [partner/kaist]\n---\nRadar trade-offs #status/action-needed\n',
    );
    await writeFile(
      path.join(src, 'Seeker co-development', 'Radome materials.md'),
      '# Radome materials\n\nThermal tests with Fraunhofer. #partner/fraunhofer-fhr\n',
    );

    const dry = await run(['import', src, '--dry-run']);
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.out).toContain('Would add 2 notes and 1 topic (Seeker co-development)');
    const imported = await run(['import', src, '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({
      added: 2,
      label: 'Import 2 notes',
      files: [
        {
          path: 'Seeker co-development/kickoff.md',
          outcome: 'added',
          converted: ['tags: partner/kaist, status/action-needed'],
        },
        {
          path: 'Seeker co-development/Radome materials.md',
          outcome: 'added',
          converted: ['tags: partner/fraunhofer-fhr'],
          keptAsText: [],
          dropped: [],
        },
      ],
    });
    expect(JSON.parse((await run(['import', src, '--json'])).out)).toMatchObject({ added: 0 });

    const found = await run(['search', 'tag:partner radar', '--json']);
    expect(found.code).toBe(0);
    const result = JSON.parse(found.out) as { total: number; notes: { title: string; topic: string }[] };
    expect(result.total).toBe(1);
    expect(result.notes[0]).toMatchObject({ title: 'Kick-off minutes', topic: 'Seeker co-development' });
    expect((await run(['search', 'thermal'])).out).toMatch(
      /^1 note \(read as: thermal\)\n\d{4}-\d\d-\d\d {2}Radome materials {2}\[Seeker co-development\]/,
    );

    const out = path.join(cli.dir, 'out');
    expect((await run(['export', out])).out).toContain('Exported 2 notes as 2 files');
    expect((await readdir(path.join(out, 'Seeker co-development'))).sort()).toEqual([
      'Kick-off minutes.md',
      'Radome materials.md',
    ]);
    const q = path.join(cli.dir, 'q');
    expect((await run(['export', q, '--query', 'tag:partner/fraunhofer-fhr'])).out).toContain(
      'Exported 1 note as 1 file',
    );
    const brief = await run([
      'export',
      path.join(cli.dir, 'brief'),
      '--brief',
      'seeker co-development',
      '--order',
      'title',
    ]);
    expect(brief.code).toBe(0);
    expect(await readdir(path.join(cli.dir, 'brief'))).toEqual(['Seeker co-development — brief.md']);
    expect((await run(['export', path.join(cli.dir, 'zip'), '--zip'])).code).toBe(0);
    expect((await readdir(path.join(cli.dir, 'zip')))[0]).toMatch(/^Dossier export \d{4}-\d\d-\d\d\.zip$/);
    const noTopic = await run(['export', path.join(cli.dir, 'x'), '--brief', 'Nope']);
    expect(noTopic.code).toBe(1);
    expect(noTopic.err).toContain('No topic named "Nope"');

    const stats = JSON.parse((await run(['stats', '--json'])).out) as Record<string, unknown>;
    expect(stats).toMatchObject({ notes: 2, topics: 1, trash: 0 });
  }, 60_000);

  it('fails with exit 1 and a one-line reason on a bad source, and 3 when another Dossier holds the notes', async () => {
    const missing = await run(['import', path.join(cli.dir, 'does-not-exist')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^dossier: .*cannot be opened/);
    expect(missing.err).not.toMatch(/\n\s+at /);
    const app = await openApp(cli.dataDir, 'browser');
    try {
      const locked = await run(['stats']);
      expect(locked.code).toBe(3);
      expect(locked.err).toContain(`already open by PID ${process.pid}`);
    } finally {
      await app.close();
    }
  });
});
