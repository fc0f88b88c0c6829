import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Note } from '../domain/model.js';
import type { Sealer } from './sealed/sealer.js';
import { isTampered, openLines, sealLines } from './sealed/line-file.js';
import { DossierError } from '../domain/errors.js';
import { KEPT_MARK, keptAside, moveAside } from './kept-aside.js';

import type { DiffPart, KeptHistory, Revision } from '../domain/records.js';
export type { DiffPart, KeptHistory, Revision };

export const HISTORY_DIR = 'history';
/** Edits closer together than this fold into one revision. */
export const COALESCE_MS = 5 * 60 * 1000;
export const MAX_REVISIONS = 50;

/**
 * Revision history lives in one append-only file per note (history/<id>.jsonl), not in dossier.json:
 * 50k notes × several versions would otherwise multiply the size of every snapshot the store writes.
 */
export class RevisionLog {
  private readonly lastAppend = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();
  /** moving damaged files aside, one at a time (see read) */
  private asides: Promise<unknown> = Promise.resolve();

  /** Each line goes through `sealer` (one sealed line per revision in a protected notebook). */
  constructor(
    private readonly dataDir: string,
    private readonly sealer: Sealer,
  ) {}

  private file(noteId: string): string {
    return path.join(this.dataDir, HISTORY_DIR, `${noteId.replace(/[^A-Za-z0-9_-]/g, '_')}.jsonl`);
  }

  /**
   * The note's revisions, oldest first. A file with a sealed line that fails its check (other than a torn
   * last line) is never read: it is moved aside as found (history/<id>.jsonl.corrupt-<time>, see keptAside)
   * and the note's history starts again empty, so the next edit is recorded instead of every later one
   * failing on the damaged file.
   */
  async list(noteId: string): Promise<Revision[]> {
    try {
      return await this.read(noteId);
    } catch (err) {
      if (!isTampered(err)) throw err;
      await this.moveAside(noteId);
      return this.read(noteId);
    }
  }

  /** History files of this note moved aside because they failed their check, oldest first. */
  async keptAside(noteId: string): Promise<KeptHistory[]> {
    const found = await keptAside(this.file(noteId));
    return found.map((k) => ({ file: `${HISTORY_DIR}/${k.name}`, at: k.at }));
  }

  /**
   * The bodies in every history file kept aside as damaged (for attachment clean-up: a file such a body
   * references stays). A line that cannot be read might reference anything, so it throws DATA_TAMPERED
   * and the clean-up removes nothing while that file is there; a torn last line is a crash, as in read.
   */
  async *keptBodies(): AsyncIterable<string> {
    const dir = path.join(this.dataDir, HISTORY_DIR);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.includes(KEPT_MARK));
    for (const name of names.sort()) {
      const rel = `${HISTORY_DIR}/${name}`;
      const text = await readFile(path.join(dir, name), 'utf8');
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]) continue;
        let body: unknown;
        try {
          body = (JSON.parse(this.sealer.openLine(lines[i]!, rel)) as Partial<Revision>).body;
        } catch {
          body = undefined;
        }
        if (typeof body === 'string') yield body;
        else if (i < lines.length - 1)
          throw new DossierError('DATA_TAMPERED', `${rel} has a line that cannot be read.`, { path: rel });
      }
    }
  }

  /**
   * One at a time and only if the file still fails its check when its turn comes: a list and a record that
   * both met the damage must not move the fresh history the first one started.
   */
  private moveAside(noteId: string): Promise<unknown> {
    const run = this.asides.then(async () => {
      try {
        await this.read(noteId);
      } catch (err) {
        if (!isTampered(err)) throw err;
        await moveAside(this.file(noteId));
      }
    });
    this.asides = run.catch(() => undefined);
    return run;
  }

  /** Throws DATA_TAMPERED when a sealed line fails its check (other than a torn last line). */
  private async read(noteId: string): Promise<Revision[]> {
    let text: string;
    try {
      text = await readFile(this.file(noteId), 'utf8');
    } catch {
      return [];
    }
    const out: Revision[] = [];
    for (const line of openLines(this.sealer, text, `${HISTORY_DIR}/${path.basename(this.file(noteId))}`)) {
      try {
        out.push(JSON.parse(line) as Revision);
      } catch {
        // a torn last line from a crash: skip it
      }
    }
    return out;
  }

  /**
   * Records `previous` (the version being replaced) unless the last revision was recorded within the
   * coalescing window, so a typing session yields one revision, not hundreds — but at least one per window
   * while the typing goes on. `force` (before a bulk change, an undo or a restore) ignores the window.
   * Caps the file length.
   */
  async record(previous: Note, nowMs: number, force = false): Promise<boolean> {
    const last = this.lastAppend.get(previous.id);
    if (!force && last !== undefined && nowMs - last < COALESCE_MS) return false;
    const existing = await this.list(previous.id);
    const top = existing.at(-1);
    if (
      top &&
      top.body === previous.body &&
      top.title === previous.title &&
      top.tags.join() === previous.tags.join() &&
      top.marking === previous.marking &&
      (top.releasableTo ?? []).join() === (previous.releasableTo ?? []).join()
    ) {
      this.lastAppend.set(previous.id, nowMs);
      return false;
    }
    const rev: Revision = {
      rev: (top?.rev ?? 0) + 1,
      savedAt: previous.updatedAt,
      title: previous.title,
      body: previous.body,
      tags: previous.tags,
      ...(previous.marking ? { marking: previous.marking } : {}),
      ...(previous.releasableTo ? { releasableTo: previous.releasableTo } : {}),
    };
    await mkdir(path.dirname(this.file(previous.id)), { recursive: true });
    if (existing.length >= MAX_REVISIONS) {
      const kept = [...existing.slice(existing.length - MAX_REVISIONS + 1), rev];
      await writeFile(
        this.file(previous.id),
        sealLines(
          this.sealer,
          kept.map((r) => JSON.stringify(r)),
        ),
      );
    } else {
      await appendFile(this.file(previous.id), sealLines(this.sealer, [JSON.stringify(rev)]));
    }
    this.lastAppend.set(previous.id, nowMs);
    return true;
  }

  /**
   * Records the prior versions of many notes (before a tag rename, import, undo or backup restore) one after
   * another in the background, so a bulk change on thousands of notes does not wait on thousands of files.
   */
  recordMany(previous: readonly Note[], nowMs: number): Promise<void> {
    const run = this.queue.then(async () => {
      for (const note of previous) await this.record(note, nowMs, true).catch(() => false);
    });
    this.queue = run;
    return run;
  }

  /** Resolves once every queued recordMany has been written (close and tests wait on it). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}
