import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../shell/open-app.js';

// Export and import never follow a symbolic link out of the folder the user chose (real symlinks).

let dir: string;
let app: OpenedApp;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-symlinks-'));
  app = await openApp(path.join(dir, 'data'), 'cli', { index: false });
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('symbolic links out of the chosen folder', () => {
  it('export refuses a topic folder that is a symlink out of the target, and writes nothing', async () => {
    const topic = await app.core.createTopic({ name: 'Seeker' });
    await app.core.createNote({ topicId: topic.id, title: 'Kick-off', body: 'radar' });
    await app.core.createNote({ title: 'Loose', body: 'inbox note' });
    // Learn the folder name the export uses for the topic.
    const scratch = path.join(dir, 'scratch');
    await app.core.exportMarkdown({ kind: 'all' }, scratch);
    const folders = (await readdir(scratch)).filter((n) => !n.endsWith('.md'));
    expect(folders).toContain('Seeker');

    const outside = path.join(dir, 'outside');
    await mkdir(outside);
    const target = path.join(dir, 'target');
    await mkdir(target);
    await symlink(outside, path.join(target, 'Seeker'), 'dir');
    const err = await app.core.exportMarkdown({ kind: 'all' }, target).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_INPUT' });
    expect((err as Error).message).toMatch(/Seeker is a link to a folder outside/);
    expect(await readdir(outside)).toEqual([]);
    expect((await readdir(target)).sort()).toEqual(['Seeker']);
  });

  it('export still writes into a real subfolder that already exists', async () => {
    const topic = await app.core.createTopic({ name: 'Seeker' });
    await app.core.createNote({ topicId: topic.id, title: 'Kick-off', body: 'radar' });
    const target = path.join(dir, 'target');
    await mkdir(path.join(target, 'Seeker'), { recursive: true });
    const r = await app.core.exportMarkdown({ kind: 'all' }, target);
    expect(r.notes).toBe(1);
    expect(await readdir(path.join(target, 'Seeker'))).toHaveLength(1);
  });

  it('import skips symlinked files and folders that lead out of the source, with the reason', async () => {
    const outside = path.join(dir, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.md'), '# Secret\n\nnot part of the source');
    const src = path.join(dir, 'src');
    await mkdir(src);
    await writeFile(path.join(src, 'real.md'), '# Real\n\nimported');
    await symlink(path.join(outside, 'secret.md'), path.join(src, 'link.md'));
    await symlink(outside, path.join(src, 'linked-folder'), 'dir');
    const r = await app.core.runImport(src);
    expect(r.added).toBe(1);
    expect(r.skipped).toEqual(
      expect.arrayContaining([
        { path: 'link.md', reason: 'symbolic link (not followed)' },
        { path: 'linked-folder', reason: 'symbolic link (not followed)' },
      ]),
    );
    expect(app.core.listNotes({ text: 'secret' }).total).toBe(0);
  });
});
