import { existsSync, renameSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { inSlices, sortInSlices, timeSlicer } from '../../domain/slices.js';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { zipInSlices } from './zip-in-slices.js';
import { ensureDir } from './ensure-dir.js';
import { assertFoldersInside } from './inside-folder.js';
import type { Note, StoreData, Topic } from '../../domain/model.js';
import type { ExportFormat, ExportReport, ExportScope, NoteSort } from '../../domain/views.js';
import { DossierError } from '../../domain/errors.js';
import { safeStem, UniqueNames } from './file-names.js';
import { renderNoteFile } from './front-matter.js';
import { renderBrief } from './brief.js';
import { displayTitle } from '../notes/notes.js';
import { searchNotes } from '../search/evaluate.js';
import type { TextIndex } from '../search/text-index.js';
import type { Job } from '../jobs.js';
import { markingOfNote, schemeOf } from '../markings/resolve.js';
import { assertExportAllowed, checkRelease, type ReleaseCheck } from '../markings/release.js';
import { checkReleaseInSlices } from '../markings/release-in-slices.js';
import { EXPORT_ATTACHMENTS, ExportAttachments } from '../attachments/export-files.js';
import { noteList, noteOf } from '../../domain/note-access.js';

/** Where an export reads attachment files: plaintext out of the blob store (decrypted in a protected notebook). */
export type ExportBlobs = {
  read(hash: string): Promise<Uint8Array>;
  copyOut(hash: string, dest: string): Promise<void>;
};

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** An attachment's bytes for the zip; a missing file becomes an empty entry rather than failing the export. */
async function readAttachment(blobs: ExportBlobs, hash: string): Promise<Uint8Array> {
  return blobs.read(hash).catch((err: unknown) => {
    if (missing(err)) return new Uint8Array(0);
    throw err;
  });
}

const INBOX_FOLDER = 'Inbox';

export type ExportOptions = {
  format?: ExportFormat;
  order?: NoteSort;
  index?: TextIndex | null;
  job?: Job;
  now?: Date;
  /** only notes releasable to this partner (see markings/release.ts) */
  partner?: string;
  /** the highest level the user confirmed may leave (needed above the scheme's confirmAbove level) */
  allowMarking?: string;
  /** where attachment files are read (Dossier passes the blob store); without it attachments are not copied */
  blobs?: ExportBlobs;
};

/**
 * The notes an export may write: the scope, less what is not releasable to the partner, refused as a whole
 * (before anything is written) when it holds notes above the confirmation level the user did not allow.
 */
export function guardedNotes(
  data: StoreData,
  scope: ExportScope,
  options: Pick<ExportOptions, 'order' | 'index' | 'partner' | 'allowMarking'>,
): { notes: Note[]; check: ReleaseCheck } {
  const inScope = notesInScope(data, scope, options.index ?? null);
  const { included, check } = checkRelease(data, inScope, options.partner ?? null);
  assertExportAllowed(data, check, options.allowMarking);
  return { notes: sortForExport(included, options.order), check };
}

/**
 * guardedNotes in time slices, for exports that run while the core keeps answering (checking and sorting
 * 50,000 notes held it ≈150 ms): the same notes, order and check.
 */
export async function guardedNotesInSlices(
  data: StoreData,
  scope: ExportScope,
  options: Pick<ExportOptions, 'order' | 'index' | 'partner' | 'allowMarking'>,
): Promise<{ notes: Note[]; check: ReleaseCheck }> {
  const inScope = notesInScope(data, scope, options.index ?? null);
  const { included, check } = await checkReleaseInSlices(data, inScope, options.partner ?? null);
  assertExportAllowed(data, check, options.allowMarking);
  return { notes: await sortInSlices(included, exportOrder(options.order)), check };
}

/** The marking part of an export report. */
export function releaseReport(
  check: ReleaseCheck,
): Pick<ExportReport, 'partner' | 'withheld' | 'withheldByReason' | 'highest'> {
  return {
    partner: check.partner,
    withheld: check.withheld.length,
    withheldByReason: check.withheldByReason,
    highest: check.highest,
  };
}

/** The live notes a scope covers, in export order. */
export function notesInScope(data: StoreData, scope: ExportScope, index: TextIndex | null): Note[] {
  const live = noteList(data).filter((n) => !n.deletedAt);
  switch (scope.kind) {
    case 'note': {
      const note = noteOf(data, scope.id);
      if (!note || note.deletedAt) throw new DossierError('NOT_FOUND', 'That note no longer exists.');
      return [note];
    }
    case 'topic': {
      const topic = data.topics[scope.id];
      if (!topic || topic.deletedAt) throw new DossierError('NOT_FOUND', 'That topic no longer exists.');
      return live.filter((n) => n.topicId === scope.id);
    }
    case 'query':
      // "Export these results": the same search the list shows, every page.
      return searchNotes(data, index, scope.filter, {
        sort: 'updated',
        offset: 0,
        limit: Number.MAX_SAFE_INTEGER,
      }).page.filter((n) => !n.deletedAt);
    default:
      return live;
  }
}

/** Notes in the order the user chose for the export (oldest first by default). */
export function sortForExport(notes: Note[], order: NoteSort | undefined): Note[] {
  return notes.sort(exportOrder(order));
}

/** The comparator of an export order (creation by default; title; most recently updated first). */
function exportOrder(order: NoteSort | undefined): (a: Note, b: Note) => number {
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const byCreated = (a: Note, b: Note) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
  if (order === 'title')
    return (a, b) => collator.compare(displayTitle(a), displayTitle(b)) || byCreated(a, b);
  if (order === 'updated')
    return (a, b) => (a.updatedAt > b.updatedAt ? -1 : a.updatedAt < b.updatedAt ? 1 : byCreated(a, b));
  return byCreated;
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

/** A file an export will write, relative to its folder; rendered only when written, or a stored attachment (by hash) copied out. */
export type PlannedFile = { rel: string; content: () => string; copy?: string };

const WRITE_CONCURRENCY = 16;

/** Runs `fn` over items with up to WRITE_CONCURRENCY calls in flight. */
async function inParallel<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, items.length) }, worker));
}

/** One file per note in a folder per topic; names unique per folder and against files already there. */
export async function planNoteFiles(
  data: StoreData,
  notes: Note[],
  target: string | null,
  withAttachments = false,
): Promise<PlannedFile[]> {
  const attachments = new ExportAttachments(data);
  const folderNames = new UniqueNames();
  const folderOf = new Map<string, string>();
  const namesIn = new Map<string, UniqueNames>();
  const planned: PlannedFile[] = [];
  const scheme = schemeOf(data);
  // Reading and checking every body takes a while at 50,000 notes: other calls get answers in between.
  const pause = timeSlicer();
  for (const note of notes) {
    await pause();
    const key = note.topicId ?? '';
    const topic: Topic | undefined = note.topicId ? data.topics[note.topicId] : undefined;
    let folder = folderOf.get(key);
    if (folder === undefined) {
      folder = folderNames.take(safeStem(topic?.name ?? INBOX_FOLDER, INBOX_FOLDER));
      folderOf.set(key, folder);
      namesIn.set(folder, new UniqueNames(target ? await existingNames(path.join(target, folder)) : []));
      if (target)
        attachments.prepare(folder, await existingNames(path.join(target, folder, EXPORT_ATTACHMENTS)));
    }
    // A note's own folder (below its topic) comes back where the vault had it.
    const dir = note.folder
      ? `${folder}/${note.folder
          .split('/')
          .map((s) => safeStem(s, '_'))
          .join('/')}`
      : folder;
    let names = namesIn.get(dir);
    if (!names) {
      names = new UniqueNames(target ? await existingNames(path.join(target, dir)) : []);
      namesIn.set(dir, names);
    }
    const file = names.take(safeStem(displayTitle(note)), '.md');
    // Attachments go beside the note's own folder, so its relative links work at any depth.
    const body = withAttachments ? attachments.body(note, dir) : note.body;
    const exported = body === note.body ? note : { ...note, body };
    planned.push({
      rel: `${dir}/${file}`,
      content: () =>
        renderNoteFile(exported, {
          topic,
          tagLabels: data.settings.tagLabels,
          marking: markingOfNote(data, note, scheme),
        }),
    });
  }
  if (withAttachments)
    for (const f of attachments.files) planned.push({ rel: f.rel, content: () => '', copy: f.hash });
  return planned;
}

/**
 * Exports notes as markdown into `dir`: one file per note with YAML front matter in a folder per topic
 * (`files`), one topic brief (`brief`), or the per-note files packed in one .zip (`zip`).
 * Everything is written to a hidden staging folder inside `dir` first and moved into place at the end,
 * so a failure or a cancel leaves no half-written file. Existing files are never overwritten.
 */
export async function exportNotes(
  data: StoreData,
  scope: ExportScope,
  dir: string,
  options: ExportOptions = {},
): Promise<ExportReport> {
  const format = options.format ?? 'files';
  const job = options.job;
  const target = path.resolve(dir);
  if (format === 'brief' && scope.kind !== 'topic')
    throw new DossierError('BAD_INPUT', 'A brief is made for one topic; choose a topic to export.');
  const { notes, check } = await guardedNotesInSlices(data, scope, options);
  const marks = releaseReport(check);
  let staging: string;
  try {
    await ensureDir(target);
    staging = await mkdtemp(path.join(target, '.dossier-export-'));
  } catch (err) {
    throw ioError(target, err);
  }
  try {
    const stamp = (options.now ?? new Date()).toISOString().slice(0, 10);
    const topicCount = new Set(notes.map((n) => n.topicId)).size;
    job?.start(notes.length);
    let outputs: PlannedFile[];
    if (format === 'brief') {
      const topic = data.topics[(scope as { id: string }).id]!;
      const name = new UniqueNames(await existingNames(target)).take(
        safeStem(`${topic.name} — brief`),
        '.md',
      );
      const markings = new Map(notes.map((n) => [n.id, markingOfNote(data, n)]));
      outputs = [
        {
          rel: name,
          content: () => renderBrief(topic, notes, options.order ?? 'created', markings, options.partner),
        },
      ];
    } else {
      const blobs = options.blobs;
      const files = await planNoteFiles(data, notes, format === 'zip' ? staging : target, Boolean(blobs));
      if (format === 'zip') {
        const zipped = await zipInSlices(
          (async function* () {
            for (const f of files) {
              job?.check();
              // Attachments are mostly compressed already (images, PDFs): stored, not deflated again.
              if (f.copy && blobs)
                yield { name: f.rel, bytes: await readAttachment(blobs, f.copy), stored: true };
              else {
                yield { name: f.rel, bytes: strToU8(f.content()) };
                job?.advance();
              }
            }
          })(),
        );
        job?.check();
        const name = new UniqueNames(await existingNames(target)).take(`Dossier export ${stamp}`, '.zip');
        await writeFile(path.join(staging, name), zipped, { flag: 'wx' });
        await rename(path.join(staging, name), path.join(target, name));
        return { dir: target, files: 1, notes: notes.length, topics: topicCount, written: [name], ...marks };
      }
      outputs = files;
    }
    // Every folder and its ancestors (a note's folder below its topic may be the only one holding files).
    const folders = new Set(
      outputs.flatMap((o) => {
        const parts = o.rel.split('/').slice(0, -1);
        return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
      }),
    );
    await assertFoldersInside(target, folders);
    for (const f of folders) await mkdir(path.join(staging, f), { recursive: true });
    // File creation is latency-bound (directory and journal locks), so several are kept in flight.
    await inParallel(outputs, async (o) => {
      job?.check();
      if (o.copy) {
        // Plaintext out: an export is the user's own copy, for whoever they give it to.
        await options.blobs?.copyOut(o.copy, path.join(staging, o.rel)).catch((err: unknown) => {
          // A missing attachment file is left out; the note's link stays (and says which file it was).
          if (!missing(err)) throw err;
        });
        return;
      }
      await writeFile(path.join(staging, o.rel), o.content(), { flag: 'wx' });
      if (format !== 'brief') job?.advance();
    });
    job?.check(); // last chance to cancel: nothing is in place yet
    // A topic folder that is new in the target moves in one rename; into an existing one file by file.
    // Nested folders (a note's folder below its topic) move with the outermost new folder holding them.
    const moveWhole = new Set<string>();
    const covered = (f: string) =>
      f.split('/').some((_, i, parts) => moveWhole.has(parts.slice(0, i + 1).join('/')));
    for (const f of [...folders].sort((a, b) => a.length - b.length))
      if (!covered(f) && !existsSync(path.join(target, f))) moveWhole.add(f);
    for (const f of moveWhole) await rename(path.join(staging, f), path.join(target, f));
    for (const f of folders) if (!covered(f)) await mkdir(path.join(target, f), { recursive: true });
    await inSlices(
      outputs.filter((o) => !covered(path.dirname(o.rel))),
      (o) => renameSync(path.join(staging, o.rel), path.join(target, o.rel)),
    );
    const copied = outputs.filter((o) => o.copy).length;
    return {
      dir: target,
      files: outputs.length,
      ...(copied ? { attachments: copied } : {}),
      notes: notes.length,
      topics: topicCount,
      written: outputs.slice(0, 5).map((o) => o.rel),
      ...marks,
    };
  } catch (err) {
    throw err instanceof DossierError ? err : ioError(target, err);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
