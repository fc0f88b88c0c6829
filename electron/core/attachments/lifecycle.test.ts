import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { makePdf, makePng } from '../../../bench/fixtures/files.js';
import { blobPath } from '../../store/blobs.js';
import { snapshotData } from '../../store/backups.js';

// Trash, restore, purge, revisions and backups with attachments, on a real store with an injected clock.

let dir: string;
let data: string;
let app: OpenedApp;
let now = Date.parse('2026-03-01T09:00:00Z');
const clock = () => new Date(now);
const HOUR = 3_600_000;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-life-'));
  data = path.join(dir, 'data');
  await mkdir(path.join(dir, 'in'));
  now = Date.parse('2026-03-01T09:00:00Z');
  app = await openApp(data, 'browser', { clock });
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function attach(name: string, bytes: Uint8Array) {
  const p = path.join(dir, 'in', name);
  await writeFile(p, bytes);
  return app.core.attach(p);
}
const exists = async (hash: string) => Boolean(await stat(blobPath(data, hash)).catch(() => null));
async function reopen() {
  await app.close();
  app = await openApp(data, 'browser', { clock });
  await app.core.attachmentsIdle();
}

describe('attachment lifecycle', () => {
  it('moves to the trash with its note, comes back on restore, and goes when the trash is emptied', async () => {
    const img = await attach('photo.png', makePng(6, 6, 1));
    const note = await app.core.createNote({ title: 'Site visit', body: img.markdown });
    await app.core.deleteNote(note.id);
    now += 2 * HOUR;
    await reopen();
    // In the trash: the note still lists its file and the file is kept.
    expect((await app.core.listAttachments(note.id)).map((a) => [a.id, a.missing])).toEqual([
      [img.attachment.id, false],
    ]);
    expect(await exists(img.attachment.hash)).toBe(true);
    await app.core.restoreFromTrash('note', note.id);
    expect((await app.core.listAttachments(note.id))[0]?.missing).toBe(false);
    await app.core.deleteNote(note.id);
    await app.core.emptyTrash();
    // Until close, undo could bring the note back: the file stays.
    expect(await exists(img.attachment.hash)).toBe(true);
    await reopen();
    expect(await exists(img.attachment.hash)).toBe(false);
    expect(app.core.store.get().attachments).toEqual({});
  });

  it('keeps a file another note, a trashed note or a kept revision still references', async () => {
    const shared = await attach('shared.pdf', makePdf([['shared']]));
    const old = await attach('old.png', makePng(5, 5, 2));
    const a = await app.core.createNote({ title: 'A', body: shared.markdown });
    await app.core.createNote({ title: 'B', body: shared.markdown });
    const c = await app.core.createNote({ title: 'C', body: `draft ${old.markdown}` });
    await app.core.updateNote({ id: c.id, body: 'draft without the picture' });
    await app.core.historyIdle();
    await app.core.deleteNote(a.id);
    await app.core.emptyTrash();
    now += 2 * HOUR;
    await reopen();
    expect(await exists(shared.attachment.hash)).toBe(true); // B still has it
    expect(await exists(old.attachment.hash)).toBe(true); // C's revision has it
    expect(Object.keys(app.core.store.get().attachments).sort()).toEqual(
      [shared.attachment.id, old.attachment.id].sort(),
    );
  });

  it('keeps a file only a history kept aside as damaged references, and everything when a kept line cannot be read', async () => {
    const old = await attach('old.png', makePng(5, 5, 8));
    const other = await attach('other.png', makePng(5, 5, 9));
    const c = await app.core.createNote({ title: 'C', body: `draft ${old.markdown}` });
    await app.core.updateNote({ id: c.id, body: 'draft without the picture' });
    const d = await app.core.createNote({ title: 'D', body: `draft ${other.markdown}` });
    await app.core.updateNote({ id: d.id, body: 'draft without the other picture' });
    await app.core.historyIdle();
    // C's history set aside as revisions.ts does with a file that failed its check; D's simply gone.
    const history = path.join(data, 'history');
    const cFile = path.join(history, `${c.id}.jsonl`);
    const kept = `${cFile}.corrupt-2026-03-01T09-30-00-000Z`;
    await rename(cFile, kept);
    await rm(path.join(history, `${d.id}.jsonl`));
    await app.core.emptyTrash();
    now += 2 * HOUR;
    await reopen();
    expect(await exists(old.attachment.hash)).toBe(true); // the kept file's readable line has it
    expect(await exists(other.attachment.hash)).toBe(false); // no revision anywhere: collected

    // A kept line that cannot be read may reference anything: nothing is collected while it is there.
    const lost = await attach('lost.png', makePng(5, 5, 10));
    await writeFile(kept, `${await readFile(kept, 'utf8')}S1:not-a-line-this-notebook-can-open\n{"rev":9}\n`);
    await app.core.emptyTrash();
    now += 2 * HOUR;
    await reopen();
    expect(await exists(lost.attachment.hash)).toBe(true);
    expect(await exists(old.attachment.hash)).toBe(true);
  });

  it('the 30-day purge at open removes files only expired notes referenced', async () => {
    const gone = await attach('gone.png', makePng(4, 4, 3));
    const kept = await attach('kept.png', makePng(4, 4, 4));
    const n1 = await app.core.createNote({ title: 'old', body: gone.markdown });
    await app.core.createNote({ title: 'live', body: kept.markdown });
    await app.core.deleteNote(n1.id);
    now += 31 * 24 * HOUR;
    await reopen();
    expect(await exists(gone.attachment.hash)).toBe(false);
    expect(await exists(kept.attachment.hash)).toBe(true);
  });

  it('does not collect a file attached moments ago whose note is not saved yet', async () => {
    const fresh = await attach('fresh.png', makePng(3, 3, 5));
    await app.core.emptyTrash();
    await reopen();
    expect(await exists(fresh.attachment.hash)).toBe(true);
  });

  it('backups hard-link their files once, and restoring a backup brings purged files back', async () => {
    const img = await attach('photo.png', makePng(6, 6, 7));
    const note = await app.core.createNote({ title: 'With photo', body: img.markdown });
    await snapshotData(data, app.core.store.get(), 'manual', clock());
    await snapshotData(data, app.core.store.get(), 'manual2', new Date(now + 1000));
    const pooled = path.join(
      data,
      'backups',
      'attachments',
      img.attachment.hash.slice(0, 2),
      img.attachment.hash,
    );
    const [a, b] = [await stat(blobPath(data, img.attachment.hash)), await stat(pooled)];
    expect(b.ino).toBe(a.ino); // a hard link, not a copy
    expect(a.nlink).toBe(2); // two backups, one extra link
    await app.core.deleteNote(note.id);
    await app.core.emptyTrash();
    now += 2 * HOUR;
    await reopen();
    expect(await exists(img.attachment.hash)).toBe(false);
    const backup = (await app.core.listBackups()).find((x) => x.name.includes('manual'))!;
    await app.core.restoreBackup(backup.name);
    expect(await exists(img.attachment.hash)).toBe(true);
    expect((await app.core.listAttachments(note.id))[0]?.missing).toBe(false);
    expect((await readdir(path.join(data, 'backups'))).some((n) => n.endsWith('.files'))).toBe(true);
  });
});
