import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { ensureDir } from './ensure-dir.js';
import path from 'node:path';
import type { Note, StoreData, Topic } from '../model.js';
import type { ExportReport, ExportScope } from '../../contract.js';
import { DossierError } from '../errors.js';
import { safeStem, UniqueNames } from './file-names.js';
import { renderNoteFile } from './front-matter.js';
import { displayTitle } from '../notes/notes.js';

const INBOX_FOLDER = 'Inbox';

/** The live notes a scope covers. */
function notesInScope(data: StoreData, scope: ExportScope): Note[] {
  const live = Object.values(data.notes).filter((n) => !n.deletedAt);
  switch (scope.kind) {
    case 'note': {
      const note = data.notes[scope.id];
      if (!note || note.deletedAt) throw new DossierError('NOT_FOUND', 'That note no longer exists.');
      return [note];
    }
    case 'topic': {
      const topic = data.topics[scope.id];
      if (!topic || topic.deletedAt) throw new DossierError('NOT_FOUND', 'That topic no longer exists.');
      return live.filter((n) => n.topicId === scope.id);
    }
    default:
      return live;
  }
}

async function existingNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

function ioError(dir: string, err: unknown): DossierError {
  const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return new DossierError('IO_ERROR', `Cannot write to ${dir}: ${reason}. Choose another folder.`, { dir });
}

/**
 * Writes notes as markdown files with YAML front matter into `dir`, one folder per topic.
 * Files are first written to a hidden staging folder inside `dir`, then renamed into place, so a
 * failure leaves no half-written file behind. Existing files are never overwritten.
 */
export async function exportNotes(data: StoreData, scope: ExportScope, dir: string): Promise<ExportReport> {
  const target = path.resolve(dir);
  const notes = notesInScope(data, scope).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  let staging: string;
  try {
    await ensureDir(target);
    staging = await mkdtemp(path.join(target, '.dossier-export-'));
  } catch (err) {
    throw ioError(target, err);
  }
  try {
    // Plan every path first: topic folder names unique among themselves, file names unique per folder.
    const folderNames = new UniqueNames();
    const folderOf = new Map<string, string>();
    const namesIn = new Map<string, UniqueNames>();
    const planned: { note: Note; topic: Topic | undefined; folder: string; file: string }[] = [];
    for (const note of notes) {
      const key = note.topicId ?? '';
      let folder = folderOf.get(key);
      if (folder === undefined) {
        const topic = note.topicId ? data.topics[note.topicId] : undefined;
        folder = folderNames.take(safeStem(topic?.name ?? INBOX_FOLDER, INBOX_FOLDER));
        folderOf.set(key, folder);
        namesIn.set(folder, new UniqueNames(await existingNames(path.join(target, folder))));
      }
      const file = namesIn.get(folder)!.take(safeStem(displayTitle(note)), '.md');
      planned.push({ note, topic: note.topicId ? data.topics[note.topicId] : undefined, folder, file });
    }
    for (const p of planned) {
      await mkdir(path.join(staging, p.folder), { recursive: true });
      await writeFile(path.join(staging, p.folder, p.file), renderNoteFile(p.note, p.topic), { flag: 'wx' });
    }
    for (const p of planned) {
      await mkdir(path.join(target, p.folder), { recursive: true });
      await rename(path.join(staging, p.folder, p.file), path.join(target, p.folder, p.file));
    }
    return { dir: target, files: planned.length, notes: planned.length, topics: new Set(notes.map((n) => n.topicId)).size };
  } catch (err) {
    throw err instanceof DossierError ? err : ioError(target, err);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
