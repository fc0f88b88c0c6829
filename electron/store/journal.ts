import { readFile, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Note, StoreData } from '../domain/model.js';
import { noteSchema, storeFileSchema } from '../domain/model.js';
import { defineOwn } from './record-parser.js';
import { DossierError } from '../domain/errors.js';
import type { FsOps } from './chunked-writer.js';
import { fsyncDir } from './durable-file.js';
import path from 'node:path';
import { isSealedLine, LINE_PREFIX, plainSealer, type Sealer } from './sealed/sealer.js';

export const JOURNAL_FILE = 'dossier.journal';
export const OLD_JOURNAL_FILE = 'dossier.journal.old';

import { RECORD_COLLECTIONS, type Changes, type Collection } from '../domain/changes.js';

/** One journal line: the absolute new value of every record that changed (null = removed). */
export type JournalEntry = { [K in Collection]?: Record<string, unknown> } & { settings?: unknown };

/**
 * Records that differ by reference between two states (the core never mutates records in place).
 * With `changes` (every id that may differ), only those ids are compared instead of every record; without,
 * the notes map compares only the chunks the two states do not share.
 */
export function diffStates(before: StoreData, after: StoreData, changes?: Changes): JournalEntry | null {
  const entry: JournalEntry = {};
  let changed = false;
  if (before.notes !== after.notes) {
    const a = before.notes;
    const b = after.notes;
    const ids = changes ? changes.notes : b.changedSince(a)!;
    const delta: Record<string, unknown> = {};
    let any = false;
    for (const id of ids) {
      const next = b.get(id);
      if (a.get(id) === next) continue;
      defineOwn(delta, id, next ?? null);
      any = true;
    }
    if (any) {
      entry.notes = delta;
      changed = true;
    }
  }
  for (const c of RECORD_COLLECTIONS) {
    const a = before[c] as Record<string, unknown>;
    const b = after[c] as Record<string, unknown>;
    if (a === b) continue;
    const delta: Record<string, unknown> = {};
    let any = false;
    if (changes) {
      for (const id of changes[c]) {
        if (a[id] === b[id]) continue;
        delta[id] = id in b ? b[id] : null;
        any = true;
      }
    } else {
      for (const id in b) {
        if (a[id] !== b[id]) {
          delta[id] = b[id];
          any = true;
        }
      }
      for (const id in a) {
        if (!(id in b)) {
          delta[id] = null;
          any = true;
        }
      }
    }
    if (any) {
      entry[c] = delta;
      changed = true;
    }
  }
  if (before.settings !== after.settings) {
    entry.settings = after.settings;
    changed = true;
  }
  return changed ? entry : null;
}

/** Applies journal entries in order; entries are absolute values, so replaying one twice is harmless. */
export function applyEntries(data: StoreData, entries: readonly JournalEntry[]): StoreData {
  if (entries.length === 0) return data;
  const notes = data.notes.edit();
  const next = {
    ...data,
    topics: { ...data.topics },
    savedSearches: { ...data.savedSearches },
    attachments: { ...data.attachments },
  } as Record<string, unknown> & StoreData;
  for (const e of entries) {
    if (e.notes) {
      // eslint-disable-next-line no-restricted-syntax -- a journal entry's notes are a plain record
      for (const [id, rec] of Object.entries(e.notes)) {
        if (rec === null) notes.delete(id);
        else notes.set(id, rec as Note);
      }
    }
    for (const c of RECORD_COLLECTIONS) {
      const delta = e[c];
      if (!delta) continue;
      const target = next[c] as Record<string, unknown>;
      for (const [id, rec] of Object.entries(delta)) {
        if (rec === null) delete target[id];
        else target[id] = rec;
      }
    }
    if (e.settings) next.settings = e.settings as StoreData['settings'];
  }
  next.notes = notes.done();
  return next;
}

/**
 * Reads a journal. A last line that does not parse is a save cut short by a crash (it was never
 * acknowledged) and is dropped; a bad line before the end is corruption. In a protected notebook each line
 * is sealed on its own: a sealed last line without its newline that does not authenticate is such a torn
 * save too; one that ends in a newline, or any line before it, failing authentication is DATA_TAMPERED.
 */
export async function readJournal(file: string, sealer: Sealer = plainSealer): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  const entries: JournalEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const isTail = lines.slice(i + 1).every((l) => !l);
    // The writer ends every line with "\n" in the same write, so only a torn save lacks it.
    const unterminated = i === lines.length - 1;
    let plain: string;
    try {
      plain = sealer.openLine(line, file);
    } catch (err) {
      // A crash may tear a line anywhere, even inside its "S1:" prefix.
      const sealedOrTorn = isSealedLine(line) || LINE_PREFIX.startsWith(line);
      if (sealedOrTorn && isTail && unterminated && (err as DossierError).code === 'DATA_TAMPERED') break;
      if (err instanceof DossierError && err.code === 'DATA_TAMPERED')
        throw new DossierError(
          'DATA_TAMPERED',
          `The journal ${file} failed its integrity check at line ${i + 1}: it was changed or is not from this notebook. It was left untouched.`,
          { path: file, position: { line: i + 1, column: 1 } },
        );
      throw err;
    }
    try {
      entries.push(JSON.parse(plain) as JournalEntry);
    } catch {
      if (isTail && !isSealedLine(line)) break;
      throw new DossierError(
        'STORE_CORRUPT',
        `The journal ${file} is damaged at line ${i + 1}. It was left untouched.`,
        { path: file, position: { line: i + 1, column: 1 } },
      );
    }
  }
  return entries;
}

/**
 * Loads snapshot + journals and checks the result against the schema: the records the journal brought one
 * by one (the snapshot's were checked as it was read), everything else as the whole-store schema says.
 */
export async function replayJournals(
  dataDir: string,
  snapshot: StoreData,
  sealer: Sealer = plainSealer,
): Promise<{ data: StoreData; replayed: number; hasOld: boolean }> {
  const old = await readJournal(path.join(dataDir, OLD_JOURNAL_FILE), sealer);
  const current = await readJournal(path.join(dataDir, JOURNAL_FILE), sealer);
  const all = [...old, ...current];
  if (all.length === 0) return { data: snapshot, replayed: 0, hasOld: false };
  const merged = applyEntries(snapshot, all);
  const refuse = (where: string) =>
    new DossierError(
      'STORE_CORRUPT',
      `The journal of ${dataDir} holds records that do not validate (${where}). Nothing was changed.`,
      { path: path.join(dataDir, JOURNAL_FILE) },
    );
  const rest = storeFileSchema.safeParse({ ...merged, notes: {} });
  if (!rest.success) throw refuse(rest.error.issues[0]?.path.join('.') ?? '');
  const replayedIds = new Set<string>();
  // eslint-disable-next-line no-restricted-syntax -- a journal entry's notes are a plain record
  for (const e of all) if (e.notes) for (const id of Object.keys(e.notes)) replayedIds.add(id);
  // zod returns a checked copy (unknown keys dropped), as the whole-store parse did for every record.
  const notes = merged.notes.edit();
  for (const id of replayedIds) {
    const note = merged.notes.get(id);
    if (note === undefined) continue;
    const parsed = noteSchema.safeParse(note);
    if (!parsed.success) throw refuse(['notes', id, ...(parsed.error.issues[0]?.path ?? [])].join('.'));
    notes.set(id, parsed.data);
  }
  return { data: { ...rest.data, notes: notes.done() }, replayed: all.length, hasOld: old.length > 0 };
}

/**
 * Cuts off a last line without its newline — a save a crash tore, never acknowledged — so the next
 * append starts a line of its own instead of joining it (which would turn a torn save into damage, or
 * hide an acknowledged one inside an unreadable line). Returns the file's size after.
 */
async function dropTornTail(fh: FileHandle): Promise<number> {
  const size = (await fh.stat()).size;
  const piece = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - piece.length);
    const { bytesRead } = await fh.read(piece, 0, end - start, start);
    const newline = piece.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline >= 0) {
      const keep = start + newline + 1;
      if (keep < size) {
        await fh.truncate(keep);
        await fh.sync();
      }
      return keep;
    }
    end = start;
  }
  if (size > 0) {
    await fh.truncate(0);
    await fh.sync();
  }
  return 0;
}

/** The append side: one line per acknowledged save, fsynced before the save is acknowledged. */
export class JournalWriter {
  private fh: FileHandle | null = null;
  bytes = 0;

  constructor(
    private readonly dataDir: string,
    private readonly fs: FsOps,
    private readonly sealer: Sealer = plainSealer,
  ) {}

  private get file(): string {
    return path.join(this.dataDir, JOURNAL_FILE);
  }

  async append(entry: JournalEntry): Promise<void> {
    if (!this.fh) {
      // a+: appends, and the torn-tail check reads the end first.
      this.fh = await this.fs.open(this.file, 'a+', 0o600);
      this.bytes = await dropTornTail(this.fh);
    }
    const buffer = Buffer.from(this.sealer.sealLine(JSON.stringify(entry)) + '\n', 'utf8');
    try {
      let offset = 0;
      while (offset < buffer.length) {
        const { bytesWritten } = await this.fh.write(buffer, offset, buffer.length - offset);
        offset += bytesWritten;
      }
      await this.fh.sync();
    } catch (err) {
      // Cut a partial line off again, or the next append would bury it mid-file (= corruption).
      await this.fh.truncate(this.bytes).catch(() => undefined);
      await this.close();
      throw err;
    }
    this.bytes += buffer.length;
  }

  /** Starts a new journal; the previous one stays as .old until the snapshot that covers it is durable. */
  async rotate(): Promise<void> {
    await this.close();
    try {
      await rename(this.file, path.join(this.dataDir, OLD_JOURNAL_FILE));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await fsyncDir(this.dataDir);
    this.bytes = 0;
  }

  async dropOld(): Promise<void> {
    await unlink(path.join(this.dataDir, OLD_JOURNAL_FILE)).catch(() => undefined);
    await fsyncDir(this.dataDir);
  }

  /** Removes both journals after a snapshot that covers everything (used at open and close). */
  async reset(): Promise<void> {
    await this.close();
    await unlink(this.file).catch(() => undefined);
    await this.dropOld();
    this.bytes = 0;
  }

  async close(): Promise<void> {
    await this.fh?.close().catch(() => undefined);
    this.fh = null;
  }
}
