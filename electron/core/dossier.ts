import path from 'node:path';
import type { Note, SavedSearch, StoreData, Topic } from './model.js';
import type { NoteStore } from '../store/store.js';
import type {
  AppInfo,
  ExportFormat,
  ExportReport,
  ExportScope,
  NoteFilter,
  NoteListResult,
  NoteSort,
  NoteSummary,
  SaveState,
  TopicSummary,
} from '../contract.js';
import { systemClock, type Clock } from './clock.js';
import { createTopic, deleteTopic, updateTopic, type TopicInput, type TopicPatch } from './topics/topics.js';
import {
  createNote,
  requireNote,
  trashNote,
  updateNote,
  type NoteInput,
  type NotePatch,
} from './notes/notes.js';
import { makeSnippet } from './notes/snippet.js';
import { searchNotes } from './search/evaluate.js';
import { TextIndex } from './search/text-index.js';
import { readIndexCache, writeIndexCache } from './search/index-cache.js';
import { deleteTag, mergeTags, renameTag, type TagChange } from './tags/manage.js';
import { JobRegistry } from './jobs.js';
import { exportNotes } from './export/export.js';
import { scanSource, type Skipped } from './import/sources.js';
import { parseCandidate, type Candidate } from './import/parse.js';
import { planImport, type ImportReport } from './import/plan.js';
import {
  createSavedSearch,
  deleteSavedSearch,
  listSavedSearches,
  updateSavedSearch,
} from './saved-searches.js';
import { buildTagTree, countTags, type TagNode } from './tags/tree.js';
import { applyUndo, captureUndo, UndoStack } from './undo.js';
import { diffChanges, notesChanged, verifyChanges } from './changes.js';
import { DossierError } from './errors.js';
import { readSampleData } from './sample/sample-data.js';
import { normalizeTags } from './tags/normalize.js';
import { purgeTrash, restoreFromTrash } from './trash/trash.js';
import { RevisionLog, diffText, type DiffPart, type Revision } from './history/revisions.js';
import { listBackups, snapshotData, type BackupInfo } from '../store/backups.js';
import { loadStoreFile } from '../store/load.js';

export type DossierOptions = {
  clock?: Clock;
  /** folder holding sample-data.json and other shipped assets */
  assetsDir: string;
  appVersion: string;
  mode: AppInfo['mode'];
};

const DEFAULT_PAGE = 200;

/**
 * The application core: every use case the shells expose, on top of a NoteStore.
 * State changes are immutable (new record objects), so the store can diff by reference and undo can
 * keep the previous records cheaply.
 */
export class Dossier {
  private readonly clock: Clock;
  private readonly undo = new UndoStack();
  private readonly revisions: RevisionLog;
  /** Full-text index, built after open (see startIndexing) and kept in sync by mutate. */
  readonly index = new TextIndex();

  constructor(
    readonly store: NoteStore,
    private readonly options: DossierOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.revisions = new RevisionLog(store.dataDir);
  }

  private now(): string {
    return this.clock().toISOString();
  }

  /** Applies a pure state change, saves it, and (with a label) records it for undo. */
  private async mutate<T>(
    label: string | null | ((value: T) => string),
    change: (data: StoreData) => { data: StoreData; value: T; onlyNotes?: string[] },
  ): Promise<T> {
    const before = this.store.get();
    const { data, value, onlyNotes } = change(before);
    if (data !== before) {
      // The everyday edits name the one note they touch, which spares a diff of every record (≈20 ms
      // at 50,000 notes); everything else is diffed. Tests check each hint against the full diff.
      const changes = onlyNotes ? notesChanged(onlyNotes) : diffChanges(before, data);
      if (onlyNotes && process.env.DOSSIER_VERIFY_CHANGES) verifyChanges(before, data, changes);
      const undoLabel = typeof label === 'function' ? label(value) : label;
      if (undoLabel) this.undo.push(captureUndo(undoLabel, before, changes));
      this.index.sync(before, data, changes.notes);
      await this.store.commit(data, changes);
    }
    return value;
  }

  info(): AppInfo {
    const data = this.store.get();
    return {
      version: this.options.appVersion,
      mode: this.options.mode,
      dataDir: this.store.dataDir,
      storePath: this.store.filePath,
      noteCount: Object.values(data.notes).filter((n) => !n.deletedAt).length,
      topicCount: Object.values(data.topics).filter((t) => !t.deletedAt).length,
    };
  }

  saveState(): SaveState {
    return this.store.status();
  }

  // ---- topics

  listTopics(): TopicSummary[] {
    const data = this.store.get();
    const counts = new Map<string, number>();
    for (const n of Object.values(data.notes)) {
      if (!n.deletedAt && n.topicId) counts.set(n.topicId, (counts.get(n.topicId) ?? 0) + 1);
    }
    return Object.values(data.topics)
      .filter((t) => !t.deletedAt)
      .map((t) => ({ ...t, noteCount: counts.get(t.id) ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  }

  createTopic(input: TopicInput): Promise<Topic> {
    return this.mutate(null, (d) => {
      const r = createTopic(d, input, this.now());
      return { data: r.data, value: r.topic };
    });
  }

  updateTopic(patch: TopicPatch): Promise<Topic> {
    return this.mutate(null, (d) => {
      const r = updateTopic(d, patch, this.now());
      return { data: r.data, value: r.topic };
    });
  }

  deleteTopic(id: string, withNotes: boolean): Promise<{ deletedNotes: number }> {
    const name = this.store.get().topics[id]?.name ?? 'topic';
    return this.mutate(`Delete topic "${name}"`, (d) => {
      const r = deleteTopic(d, id, withNotes, this.now());
      return { data: r.data, value: { deletedNotes: r.deletedNotes } };
    });
  }

  // ---- notes

  getNote(id: string): Note {
    return requireNote(this.store.get(), id);
  }

  createNote(input: NoteInput): Promise<Note> {
    return this.mutate(null, (d) => {
      const r = createNote(d, input, this.now());
      return { data: r.data, value: r.note, onlyNotes: [r.note.id] };
    });
  }

  async updateNote(patch: NotePatch): Promise<Note> {
    const before = requireNote(this.store.get(), patch.id);
    const note = await this.mutate(null, (d) => {
      const r = updateNote(d, patch, this.now());
      return { data: r.data, value: r.note, onlyNotes: [patch.id] };
    });
    const contentChanged =
      note.body !== before.body || note.title !== before.title || note.tags.join() !== before.tags.join();
    // History is best effort: a failed history append must not fail the save the user is waiting for.
    if (contentChanged) await this.revisions.record(before, this.clock().getTime()).catch(() => false);
    return note;
  }

  deleteNote(id: string): Promise<{ label: string }> {
    const note = requireNote(this.store.get(), id);
    const label = `Delete note "${note.title || 'Untitled'}"`;
    return this.mutate(label, (d) => ({
      data: trashNote(d, id, this.now()).data,
      value: { label },
      onlyNotes: [id],
    }));
  }

  private indexing: Promise<void> | null = null;
  /** index.version last written to the index cache (-1: nothing written this session) */
  private savedIndexVersion = -1;

  /**
   * Makes the full-text index ready without blocking: from the cache beside the store when it is
   * current, else built in slices (and then cached). Until it is ready, searches scan.
   */
  startIndexing(): Promise<void> {
    this.indexing ??= this.index
      .build(
        () => this.store.get(),
        () => readIndexCache(this.store.dataDir),
      )
      .then(() => {
        const docs = Object.keys(this.store.get().notes).length;
        if (this.index.restoredDocs === docs) this.savedIndexVersion = this.index.version;
        else void this.saveIndex();
      });
    return this.indexing;
  }

  /** Writes the index cache if the index changed since it was last written; failures only cost speed. */
  async saveIndex(): Promise<void> {
    if (!this.index.ready || this.index.version === this.savedIndexVersion) return;
    const version = this.index.version;
    await writeIndexCache(this.store.dataDir, this.index).then(
      () => (this.savedIndexVersion = version),
      () => undefined,
    );
  }

  /** Saves the index cache and closes the store (flushes every pending save). */
  async close(): Promise<void> {
    if (this.indexing) await this.indexing.catch(() => undefined);
    await this.saveIndex();
    await this.store.close();
  }

  listNotes(
    filter: NoteFilter,
    sort: NoteSort = 'updated',
    offset = 0,
    limit = DEFAULT_PAGE,
    facets = false,
  ): NoteListResult {
    const r = searchNotes(this.store.get(), this.index, filter, {
      sort,
      offset,
      limit,
      facets,
      now: this.clock().getTime(),
    });
    const items: NoteSummary[] = r.page.map((n) => toSummary(n, r.terms));
    const result: NoteListResult = {
      total: r.total,
      offset,
      items,
      queryExplained: r.explained,
      queryMeaning: r.meaning,
      queryHints: r.hints,
      terms: r.terms,
    };
    if (r.facets) result.facets = r.facets;
    return result;
  }

  // ---- tags

  listTags(): { tree: TagNode[]; all: { tag: string; count: number }[] } {
    const live = Object.values(this.store.get().notes).filter((n) => !n.deletedAt);
    const counts = countTags(live);
    const all = [...counts.entries()].filter(([, c]) => c.own > 0).map(([tag, c]) => ({ tag, count: c.own }));
    return {
      tree: buildTagTree(counts),
      all: all.sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
    };
  }

  private changeTags(
    label: string,
    change: (d: StoreData) => TagChange,
  ): Promise<{ notes: number; label: string }> {
    return this.mutate(label, (d) => {
      const r = change(d);
      return { data: r.data, value: { notes: r.notes, label } };
    });
  }

  renameTag(from: string, to: string): Promise<{ notes: number; label: string }> {
    return this.changeTags(`Rename tag ${from} to ${to}`, (d) => renameTag(d, from, to));
  }

  mergeTags(source: string, target: string): Promise<{ notes: number; label: string }> {
    return this.changeTags(`Merge tag ${source} into ${target}`, (d) => mergeTags(d, source, target));
  }

  deleteTag(tag: string): Promise<{ notes: number; label: string }> {
    return this.changeTags(`Remove tag ${tag}`, (d) => deleteTag(d, tag));
  }

  // ---- markdown in and out

  readonly jobs = new JobRegistry();

  /** Exports to markdown (see export/export.ts); `jobId` lets the UI poll progress and cancel. */
  async exportMarkdown(
    scope: ExportScope,
    dir: string,
    options: { format?: ExportFormat; order?: NoteSort; jobId?: string } = {},
  ): Promise<ExportReport> {
    const job = this.jobs.open(options.jobId);
    try {
      return await exportNotes(this.store.get(), scope, dir, {
        ...options,
        index: this.index,
        ...(job ? { job } : {}),
        now: this.clock(),
      });
    } finally {
      this.jobs.close(options.jobId);
    }
  }

  private async readImport(
    source: string,
    jobId?: string,
  ): Promise<{ candidates: Candidate[]; skipped: Skipped[]; ignored: number }> {
    const job = this.jobs.open(jobId);
    try {
      const scan = await scanSource(source, (done, total) => job?.report(done, total));
      job?.check();
      const skipped = [...scan.skipped];
      const candidates: Candidate[] = [];
      for (const file of scan.files) {
        try {
          candidates.push(parseCandidate(file, this.now()));
        } catch (err) {
          skipped.push({
            path: file.path,
            reason: `front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`,
          });
        }
      }
      return { candidates, skipped, ignored: scan.ignored };
    } finally {
      this.jobs.close(jobId);
    }
  }

  /** What importing `source` would add, skip and report; changes nothing. */
  async previewImport(source: string, jobId?: string): Promise<ImportReport> {
    const r = await this.readImport(source, jobId);
    return planImport(this.store.get(), r.candidates, r.skipped, r.ignored, source, this.now()).report;
  }

  /** Imports `source` as one undoable change: every new note and topic in a single save, or nothing. */
  async runImport(source: string, jobId?: string): Promise<ImportReport & { label: string }> {
    const r = await this.readImport(source, jobId);
    const label = (n: number) => `Import ${n} note${n === 1 ? '' : 's'}`;
    const report = await this.mutate(
      (rep: ImportReport) => label(rep.added),
      (d) => {
        const plan = planImport(d, r.candidates, r.skipped, r.ignored, source, this.now());
        return { data: plan.data, value: plan.report };
      },
    );
    return { ...report, label: label(report.added) };
  }

  // ---- saved searches

  listSavedSearches(): SavedSearch[] {
    return listSavedSearches(this.store.get());
  }

  createSavedSearch(input: { name: string; query: string }): Promise<SavedSearch> {
    return this.mutate(null, (d) => {
      const r = createSavedSearch(d, input, this.now());
      return { data: r.data, value: r.search };
    });
  }

  updateSavedSearch(patch: { id: string; name?: string; query?: string }): Promise<SavedSearch> {
    return this.mutate(null, (d) => {
      const r = updateSavedSearch(d, patch);
      return { data: r.data, value: r.search };
    });
  }

  deleteSavedSearch(id: string): Promise<null> {
    return this.mutate(null, (d) => ({ data: deleteSavedSearch(d, id), value: null }));
  }

  // ---- undo

  peekUndo(): string | null {
    return this.undo.peek()?.label ?? null;
  }

  async runUndo(): Promise<{ label: string }> {
    const entry = this.undo.pop();
    if (!entry) throw new DossierError('NOT_FOUND', 'There is nothing to undo.');
    await this.mutate(null, (d) => ({ data: applyUndo(d, entry), value: undefined }));
    return { label: entry.label };
  }

  // ---- trash

  restoreFromTrash(kind: 'note' | 'topic', id: string): Promise<{ restored: string }> {
    return this.mutate(null, (d) => ({ data: restoreFromTrash(d, kind, id), value: { restored: id } }));
  }

  emptyTrash(): Promise<{ notes: number; topics: number }> {
    return this.mutate('Empty trash', (d) => {
      const r = purgeTrash(d);
      return { data: r.data, value: { notes: r.notes, topics: r.topics } };
    });
  }

  /** Deletes trash older than the retention setting (run at open). */
  async purgeExpiredTrash(): Promise<{ notes: number; topics: number }> {
    const days = this.store.get().settings.trashRetentionDays;
    const cutoff = new Date(this.clock().getTime() - days * 86_400_000).toISOString();
    return this.mutate(null, (d) => {
      const r = purgeTrash(d, cutoff);
      return { data: r.data, value: { notes: r.notes, topics: r.topics } };
    });
  }

  setTrashRetention(days: number): Promise<void> {
    return this.mutate(null, (d) => ({
      data: { ...d, settings: { ...d.settings, trashRetentionDays: days } },
      value: undefined,
    }));
  }

  // ---- backups

  listBackups(): Promise<BackupInfo[]> {
    return listBackups(this.store.dataDir);
  }

  /** Restores a backup into the running store; the current state is snapshotted first and undo brings it back. */
  async restoreBackup(name: string): Promise<{ restored: string }> {
    const backup = (await listBackups(this.store.dataDir)).find((b) => b.name === name);
    if (!backup) throw new DossierError('NOT_FOUND', `Backup ${name} does not exist.`);
    const loaded = await loadStoreFile(backup.path, { quarantine: false });
    if (!loaded) throw new DossierError('NOT_FOUND', `Backup ${name} does not exist.`);
    await this.store.flush();
    await snapshotData(this.store.dataDir, this.store.get(), 'before-restore', this.clock());
    await this.mutate(`Restore backup ${name}`, (d) => ({
      data: { ...loaded.data, settings: d.settings },
      value: undefined,
    }));
    return { restored: name };
  }

  // ---- revisions

  listRevisions(noteId: string): Promise<Revision[]> {
    return this.revisions.list(noteId);
  }

  async diffRevision(noteId: string, rev: number): Promise<DiffPart[]> {
    const current = requireNote(this.store.get(), noteId);
    const r = (await this.revisions.list(noteId)).find((x) => x.rev === rev);
    if (!r) throw new DossierError('NOT_FOUND', `Revision ${rev} does not exist.`);
    return diffText(r.body, current.body);
  }

  async restoreRevision(noteId: string, rev: number): Promise<Note> {
    const r = (await this.revisions.list(noteId)).find((x) => x.rev === rev);
    if (!r) throw new DossierError('NOT_FOUND', `Revision ${rev} does not exist.`);
    const current = requireNote(this.store.get(), noteId);
    // Keep the version being replaced, whatever the coalescing window says.
    await this.revisions.record(current, Number.MAX_SAFE_INTEGER).catch(() => false);
    return this.updateNote({ id: noteId, title: r.title, body: r.body, tags: r.tags });
  }

  // ---- sample data

  /** Loads the shipped sample topics and notes; loading twice adds nothing (same topic name / note title are reused). */
  async loadSample(): Promise<{ topics: number; notes: number }> {
    const sample = await readSampleData(path.join(this.options.assetsDir, 'sample-data.json'));
    return this.mutate(null, (d) => {
      let data = d;
      const idByKey = new Map<string, string>();
      let topics = 0;
      for (const t of sample.topics) {
        const existing = Object.values(data.topics).find(
          (x) => !x.deletedAt && x.name.toLowerCase() === t.name.toLowerCase(),
        );
        if (existing) {
          idByKey.set(t.key, existing.id);
          continue;
        }
        const r = createTopic(data, t, this.now());
        data = r.data;
        idByKey.set(t.key, r.topic.id);
        topics += 1;
      }
      let notes = 0;
      for (const n of sample.notes) {
        const topicId = n.topic ? (idByKey.get(n.topic) ?? null) : null;
        const exists = Object.values(data.notes).some(
          (x) => !x.deletedAt && x.topicId === topicId && x.title === n.title,
        );
        if (exists) continue;
        notes += 1;
        const r = createNote(
          data,
          { topicId, title: n.title, body: n.body, tags: normalizeTags(n.tags) },
          n.createdAt,
        );
        const note = { ...r.note, pinned: n.pinned ?? false, updatedAt: n.updatedAt ?? n.createdAt };
        data = { ...r.data, notes: { ...r.data.notes, [note.id]: note } };
      }
      return { data, value: { topics, notes } };
    });
  }
}

function toSummary(n: Note, terms: readonly string[]): NoteSummary {
  const summary: NoteSummary = {
    id: n.id,
    topicId: n.topicId,
    title: n.title,
    snippet: makeSnippet(n.body, terms),
    tags: n.tags,
    pinned: n.pinned,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
  if (n.deletedAt) summary.deletedAt = n.deletedAt;
  if (terms.length) summary.matches = [...terms];
  return summary;
}
