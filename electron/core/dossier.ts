import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import type { Note, SavedSearch, StoreData, Topic } from '../domain/model.js';
import type { NoteStore } from '../store/store.js';
import type {
  AppInfo,
  ExportFormat,
  ExportReport,
  ExportScope,
  NoteFilter,
  NoteListResult,
  NoteSort,
  NoteSaved,
  NoteSummary,
  NoteView,
  SaveState,
  UndoPeek,
  TopicSummary,
  FromTemplate,
  PropertyChange,
} from '../domain/views.js';
import type {
  Backlink,
  DeleteImpact,
  LinkCompletion,
  Mention,
  NoteAnchors,
  OutgoingLink,
  RetargetImpact,
  TemplateList,
} from './links/types.js';
import { LinkIndex } from './links/link-index.js';
import { readLinkCache, writeLinkCache } from './links/link-cache.js';
import { anchorsOf, backlinksOf, completeLinks, deleteImpactOf, outgoingOf, refOf } from './links/queries.js';
import { mentionsOf } from './links/mentions.js';
import { linkItEdit, retargetEdits, withEdits } from './links/rewrite.js';
import { propertyKeys, updateProperties } from './properties/edit.js';
import { installTemplates, newNoteFromTemplate, setDefaultTemplate, templateList } from './templates/use.js';
import { systemClock, type Clock } from '../domain/clock.js';
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
import { searchNotes, searchesFiles, syncSearchCaches } from './search/evaluate.js';
import { CacheSaver } from './search/cache-saver.js';
import { fileMatcher, fileSnippet } from './attachments/file-search.js';
import { TextIndex } from './search/text-index.js';
import { readIndexCache, writeIndexCache } from './search/index-cache.js';
import { deleteTag, mergeTags, renameTag, type TagChange } from './tags/manage.js';
import { JobRegistry } from './jobs.js';
import { exportNotes } from './export/export.js';
import { scanSource, type Skipped } from './import/sources.js';
import { parseCandidate, type Candidate } from './import/parse.js';
import { inSlices } from '../domain/slices.js';
import { planImport, type ImportReport } from './import/plan.js';
import {
  createSavedSearch,
  deleteSavedSearch,
  listSavedSearches,
  updateSavedSearch,
} from './saved-searches.js';
import { buildTagTree, countTags, type TagNode } from './tags/tree.js';
import { UndoStack } from './undo/stack.js';
import {
  importStep,
  planUndo,
  recordsStep,
  tagMapOf,
  tagStep,
  textStep,
  trashStep,
  type UndoStep,
} from './undo/steps.js';
import { diffChanges, notesChanged, verifyChanges, type Changes } from '../domain/changes.js';
import { ChangeFeed, type ChangesSince } from './sync/change-feed.js';
import { rebasePatch, type MergeReport } from './notes/merge-save.js';
import { DossierError } from '../domain/errors.js';
import { readSampleData } from './sample/sample-data.js';
import { normalizeTags } from './tags/normalize.js';
import { purgeTrash, restoreFromTrash } from './trash/trash.js';
import {
  RevisionLog,
  diffText,
  type DiffPart,
  type KeptHistory,
  type Revision,
} from './history/revisions.js';
import { listBackups, snapshotData, type BackupInfo } from '../store/backups.js';
import { loadStoreFile } from '../store/load.js';
import { setNoteMarking, setScheme, setTopicMarking, type MarkingPatch } from './markings/assign.js';
import { bannerText, markingOfNote, schemeOf, type EffectiveMarking } from './markings/resolve.js';
import type { MarkingScheme } from '../domain/marking-scheme.js';
import { checkRelease, type ReleaseCheck } from './markings/release.js';
import { appendExportLog, readExportLog, type ExportLogEntry } from './markings/export-log.js';
import { describeScope, printDocument, type PrintDocument } from './markings/print.js';
import { archiveNotes, type ExportArchive } from './export/archive.js';
import { guardedNotes, notesInScope } from './export/export.js';
import { BlobStore } from '../store/blobs.js';
import { importAttachments } from './attachments/import-files.js';
import { restoreBackupAttachments } from '../store/backup-attachments.js';
import { Attachments, type Attached, type AttachmentView } from './attachments/attachments.js';
import { TextExtractor, type ExtractedText } from './attachments/extract.js';
import { findRefs, removeRefs, renamedRef, rewriteRefs, safeFileName } from './attachments/refs.js';
import type { Attachment } from '../domain/model.js';

export type DossierOptions = {
  clock?: Clock;
  /** folder holding sample-data.json and other shipped assets */
  assetsDir: string;
  appVersion: string;
  mode: AppInfo['mode'];
};

const DEFAULT_PAGE = 200;

/** Builds the undo step of a change from the states around it (null: not undoable). */
type StepBuilder<T> = (before: StoreData, after: StoreData, changes: Changes, value: T) => UndoStep;

type MutateOptions<T> = {
  undo?: StepBuilder<T>;
  /** keep the prior version of every changed note in history (bulk changes, undo, restore) */
  history?: boolean;
  /** names the change in a "would make your notes too large" refusal (store budget) */
  action?: string;
};

/**
 * The application core: every use case the shells expose, on top of a NoteStore.
 * State changes are immutable (new record objects), so the store can diff by reference and undo can
 * keep the previous records cheaply.
 */
export class Dossier {
  private readonly clock: Clock;
  private readonly undo = new UndoStack();
  private readonly revisions: RevisionLog;
  /** versions of notes and the change feed the renderer polls (see sync/change-feed.ts) */
  private readonly feed: ChangeFeed;
  /** Full-text index, built after open (see startIndexing) and kept in sync by mutate. */
  readonly index = new TextIndex();
  /** Attachment files and records (core/attachments), and the text extracted from them for search. */
  readonly attachments: Attachments;
  readonly fileText: TextExtractor;
  /** background work started at open (attachment clean-up); close waits for it */
  housekeeping: Promise<void> = Promise.resolve();
  /** Links between notes (backlinks, link fields of the query language), kept in sync like the text index. */
  readonly links = new LinkIndex();
  /** The two caches beside the store, each written when its index changed (see cache-saver.ts). */
  private readonly indexCache = new CacheSaver(this.index, () =>
    writeIndexCache(this.store.dataDir, this.index, this.store.sealer),
  );
  private readonly linkCache = new CacheSaver(this.links, () =>
    writeLinkCache(this.store.dataDir, this.links, this.store.sealer),
  );

  constructor(
    readonly store: NoteStore,
    private readonly options: DossierOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.revisions = new RevisionLog(store.dataDir, store.sealer);
    this.feed = new ChangeFeed(this.clock().getTime());
    const blobs = new BlobStore(store.dataDir, store.sealer);
    this.attachments = new Attachments(blobs, {
      get: () => this.store.get(),
      apply: (change) => this.apply(change, 'attaching a file'),
      now: () => this.clock(),
    });
    this.fileText = new TextExtractor(blobs.dir, (hash) => blobs.read(hash), store.sealer);
  }

  private now(): string {
    return this.clock().toISOString();
  }

  /**
   * Applies a pure state change and saves it; with `undo`, records the step that takes it back (an inverse
   * operation, see undo/steps.ts) and returns its id.
   */
  private async mutate<T>(
    change: (data: StoreData) => { data: StoreData; value: T; onlyNotes?: string[] },
    options: MutateOptions<T> = {},
  ): Promise<{ value: T; undoId: number | null }> {
    const before = this.store.get();
    const { data, value, onlyNotes } = change(before);
    let undoId: number | null = null;
    if (data !== before) {
      // The everyday edits name the one note they touch, which spares a diff of every record (≈20 ms
      // at 50,000 notes); everything else is diffed. Tests check each hint against the full diff.
      const changes = onlyNotes ? notesChanged(onlyNotes) : diffChanges(before, data);
      if (onlyNotes && process.env.DOSSIER_VERIFY_CHANGES) verifyChanges(before, data, changes);
      // Before undo, index or disk change: a refused change leaves no trace.
      this.store.admit?.(data, changes, options.action);
      if (options.undo) undoId = this.undo.push(options.undo(before, data, changes, value));
      this.index.sync(before, data, changes.notes);
      this.links.sync(before, data, changes.notes);
      syncSearchCaches(before, data, changes.notes);
      this.feed.record(before, data, changes);
      if (options.history) {
        const prior = [...changes.notes].flatMap((id) => {
          const n = before.notes[id];
          return n && n !== data.notes[id] ? [n] : [];
        });
        if (prior.length) void this.revisions.recordMany(prior, this.clock().getTime());
      }
      await this.store.commit(data, changes);
    }
    return { value, undoId };
  }

  /** Same as mutate, for changes that are not undoable: just the value. */
  private async apply<T>(
    change: (data: StoreData) => { data: StoreData; value: T; onlyNotes?: string[] },
    action?: string,
  ): Promise<T> {
    return (await this.mutate(change, action ? { action } : {})).value;
  }

  /** A note as the UI sees it: with the version its next save must name as its base. */
  private view(note: Note): NoteView {
    return { ...note, version: this.feed.versionOf(note.id) };
  }

  /** What changed since a version the UI saw (a cheap poll; see sync/change-feed.ts). */
  changesSince(since: number): ChangesSince {
    return this.feed.since(since);
  }

  /** Resolves once background history writes are done (tests, close). */
  historyIdle(): Promise<void> {
    return this.revisions.idle();
  }

  info(): AppInfo {
    const data = this.store.get();
    const storage = this.store.storage?.();
    return {
      version: this.options.appVersion,
      mode: this.options.mode,
      dataDir: this.store.dataDir,
      storePath: this.store.filePath,
      noteCount: Object.values(data.notes).filter((n) => !n.deletedAt).length,
      topicCount: Object.values(data.topics).filter((t) => !t.deletedAt).length,
      ...(storage ? { storage } : {}),
      ...(this.store.sealer.sealing ? { sealed: true } : {}),
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
    return this.apply((d) => {
      const r = createTopic(d, input, this.now());
      return { data: r.data, value: r.topic };
    });
  }

  updateTopic(patch: TopicPatch): Promise<Topic> {
    return this.apply((d) => {
      const r = updateTopic(d, patch, this.now());
      return { data: r.data, value: r.topic };
    });
  }

  async deleteTopic(
    id: string,
    withNotes: boolean,
  ): Promise<{ deletedNotes: number; undoId: number | null }> {
    const name = this.store.get().topics[id]?.name ?? 'topic';
    const label = `Delete topic "${name}"`;
    const r = await this.mutate(
      (d) => {
        const x = deleteTopic(d, id, withNotes, this.now());
        return { data: x.data, value: { deletedNotes: x.deletedNotes } };
      },
      { undo: (_b, after, ch) => trashStep(label, after, ch.notes, ch.topics) },
    );
    return { ...r.value, undoId: r.undoId };
  }

  // ---- notes

  getNote(id: string): NoteView {
    return this.view(requireNote(this.store.get(), id));
  }

  async createNote(input: NoteInput): Promise<NoteView> {
    const note = await this.apply((d) => {
      const r = createNote(d, input, this.now());
      return { data: r.data, value: r.note, onlyNotes: [r.note.id] };
    }, 'new note');
    return this.view(note);
  }

  /**
   * Saves an edit. With `baseVersion` older than the note's current version (a rename, an undo or another
   * window changed it since), the save is merged field by field (notes/merge-save.ts) instead of
   * overwriting what changed elsewhere; the result says which fields merged and whether any clashed.
   */
  async updateNote(input: NotePatch & { baseVersion?: number | undefined }): Promise<NoteSaved> {
    const { baseVersion, ...raw } = input;
    const before = requireNote(this.store.get(), raw.id);
    let patch: NotePatch = raw;
    let merge: MergeReport | undefined;
    if (baseVersion !== undefined && baseVersion !== this.feed.versionOf(raw.id)) {
      const r = rebasePatch(raw, this.feed.noteAt(raw.id, baseVersion), before);
      patch = r.patch;
      merge = r.report;
    }
    const note = await this.apply((d) => {
      const r = updateNote(d, patch, this.now());
      return { data: r.data, value: r.note, onlyNotes: [patch.id] };
    }, 'edit');
    const contentChanged =
      note.body !== before.body || note.title !== before.title || note.tags.join() !== before.tags.join();
    // History is best effort: a failed history append must not fail the save the user is waiting for.
    if (contentChanged) await this.revisions.record(before, this.clock().getTime()).catch(() => false);
    return merge ? { ...this.view(note), merge } : this.view(note);
  }

  async deleteNote(id: string): Promise<{ label: string; undoId: number | null }> {
    const note = requireNote(this.store.get(), id);
    const label = `Delete note "${note.title || 'Untitled'}"`;
    const r = await this.mutate(
      (d) => ({ data: trashNote(d, id, this.now()).data, value: { label }, onlyNotes: [id] }),
      { undo: (_b, after) => trashStep(label, after, [id], []) },
    );
    return { label, undoId: r.undoId };
  }

  private indexing: Promise<void> | null = null;
  private linking: Promise<void> | null = null;

  /** Makes the link index ready (from its cache where fingerprints match, else parsed in slices). */
  startLinking(): Promise<void> {
    this.linking ??= this.links
      .build(
        () => this.store.get(),
        () => readLinkCache(this.store.dataDir, this.store.sealer),
      )
      .then(() => {
        const live = Object.values(this.store.get().notes).filter((n) => !n.deletedAt).length;
        if (this.links.restoredDocs === live) this.linkCache.markSaved();
        else void this.linkCache.save();
      });
    return this.linking;
  }

  /** The link index, once ready (the first call after open waits for it). */
  private async linkIndex(): Promise<LinkIndex> {
    if (!this.links.ready) await this.startLinking();
    return this.links;
  }

  /**
   * Makes the full-text index ready without blocking: from the cache beside the store when it is
   * current, else built in slices (and then cached). Until it is ready, searches scan.
   */
  startIndexing(): Promise<void> {
    void this.startLinking();
    this.indexing ??= this.index
      .build(
        () => this.store.get(),
        () => readIndexCache(this.store.dataDir, this.store.sealer),
      )
      .then(() => {
        const docs = Object.keys(this.store.get().notes).length;
        if (this.index.restoredDocs === docs) this.indexCache.markSaved();
        else void this.indexCache.save();
      });
    return this.indexing;
  }

  /** Saves the index cache and closes the store (flushes every pending save). */
  async close(): Promise<void> {
    if (this.indexing) await this.indexing.catch(() => undefined);
    await this.housekeeping;
    await this.fileText.stop();
    if (this.linking) await this.linking.catch(() => undefined);
    await this.revisions.idle();
    // Files of an emptied trash go now: until here, undo could still bring their notes back.
    if (this.collectPending) await this.collectAttachments().catch(() => undefined);
    await this.indexCache.save();
    await this.linkCache.save();
    await this.store.close();
  }

  listNotes(
    filter: NoteFilter,
    sort: NoteSort = 'updated',
    offset = 0,
    limit = DEFAULT_PAGE,
    facets = false,
  ): NoteListResult {
    const data = this.store.get();
    const r = searchNotes(data, this.index, filter, {
      sort,
      offset,
      limit,
      facets,
      now: this.clock().getTime(),
      files: fileMatcher(this.store.get(), this.fileText),
      links: this.links,
    });
    const inFiles = searchesFiles(filter.text);
    const scheme = schemeOf(data);
    const items: NoteSummary[] = r.page.map((n) => {
      const summary = toSummary(n, r.terms, markingOfNote(data, n, scheme));
      // Found in an attachment: show the file and the passage instead of the note's opening.
      const fromFile = inFiles ? fileSnippet(this.store.get(), n, this.fileText, r.terms) : null;
      return fromFile ? { ...summary, snippet: fromFile } : summary;
    });
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

  // ---- links (see links/): reads wait for the link index; rewrites are ordinary saves

  async backlinks(id: string): Promise<Backlink[]> {
    requireNote(this.store.get(), id);
    return backlinksOf(await this.linkIndex(), id);
  }

  async outgoingLinks(id: string): Promise<OutgoingLink[]> {
    const note = requireNote(this.store.get(), id);
    const links = await this.linkIndex();
    return outgoingOf(links, links.note(id) ?? note);
  }

  async resolveLink(
    target: string,
    fromId?: string,
  ): Promise<{
    status: OutgoingLink['status'];
    noteId: string | null;
    candidates: ReturnType<typeof refOf>[];
  }> {
    const links = await this.linkIndex();
    const from = fromId ? requireNote(this.store.get(), fromId) : null;
    const hash = target.indexOf('#');
    const name = (hash < 0 ? target : target.slice(0, hash)).trim();
    const r = links.resolve({ target: name, isFile: false }, from);
    return {
      status: r.status,
      noteId: r.status === 'resolved' ? r.noteId : null,
      candidates: r.status === 'ambiguous' ? r.candidates.map((c) => refOf(links.note(c)!)) : [],
    };
  }

  anchors(id: string): NoteAnchors {
    return anchorsOf(requireNote(this.store.get(), id));
  }

  async completeLinks(query: string, fromId: string | undefined, limit = 20): Promise<LinkCompletion[]> {
    return completeLinks(await this.linkIndex(), this.store.get(), query, fromId ?? null, limit);
  }

  async mentions(id: string, limit = 100): Promise<Mention[]> {
    requireNote(this.store.get(), id);
    return mentionsOf(await this.linkIndex(), this.index.ready ? this.index : null, id, limit);
  }

  /** Links one mention; an ordinary save of the linking note (merged like any save when baseVersion is stale). */
  async linkIt(input: {
    sourceId: string;
    targetId: string;
    offset: number;
    length: number;
    baseVersion?: number | undefined;
  }): Promise<NoteSaved> {
    const links = await this.linkIndex();
    const data = this.store.get();
    const source = requireNote(data, input.sourceId);
    const target = requireNote(data, input.targetId);
    const edit = linkItEdit(links, data, source, target, input.offset, input.length);
    const body = source.body.slice(0, edit.offset) + edit.text + source.body.slice(edit.offset + edit.length);
    return this.updateNote({
      id: source.id,
      body,
      ...(input.baseVersion !== undefined ? { baseVersion: input.baseVersion } : {}),
    });
  }

  async retargetImpact(id: string, from: string): Promise<RetargetImpact> {
    requireNote(this.store.get(), id);
    const edits = retargetEdits(await this.linkIndex(), this.store.get(), id, from);
    return { links: [...edits.values()].reduce((a, e) => a + e.length, 0), notes: edits.size };
  }

  /** Points the links at a note's old title to its current one, as one undoable step. */
  async retargetLinks(
    id: string,
    from: string,
  ): Promise<RetargetImpact & { label: string; undoId: number | null }> {
    const note = requireNote(this.store.get(), id);
    const links = await this.linkIndex();
    const label = `Update links to "${note.title || 'Untitled'}"`;
    const r = await this.mutate(
      (d) => {
        const edits = retargetEdits(links, d, id, from);
        return {
          data: withEdits(d, edits, this.now()),
          value: { links: [...edits.values()].reduce((a, e) => a + e.length, 0), notes: edits.size },
          onlyNotes: [...edits.keys()],
        };
      },
      { undo: (b, a, ch) => textStep(label, b, a, ch.notes), history: true },
    );
    return { ...r.value, label, undoId: r.undoId };
  }

  async deleteImpact(id: string): Promise<DeleteImpact> {
    requireNote(this.store.get(), id);
    return deleteImpactOf(await this.linkIndex(), id);
  }

  // ---- properties and templates

  async setProperties(id: string, changes: PropertyChange[], baseVersion?: number): Promise<NoteSaved> {
    // Properties are set key by key, so a stale base needs no merge: each change applies to the current note.
    void baseVersion;
    const note = await this.apply((d) => {
      const r = updateProperties(d, id, changes, this.now());
      return { data: r.data, value: r.note, onlyNotes: [id] };
    });
    return this.view(note);
  }

  propertyKeys(): { key: string; count: number }[] {
    return propertyKeys(this.store.get());
  }

  templates(): TemplateList {
    return templateList(this.store.get());
  }

  installTemplates(): Promise<{ added: number; topicId: string }> {
    return this.apply((d) => {
      const r = installTemplates(d, this.now());
      return { data: r.data, value: { added: r.added, topicId: r.topicId } };
    });
  }

  setDefaultTemplate(topicId: string, templateId: string | null): Promise<null> {
    return this.apply((d) => ({ data: setDefaultTemplate(d, topicId, templateId), value: null }));
  }

  async createFromTemplate(input: {
    templateId?: string | undefined;
    topicId?: string | null | undefined;
    title?: string | undefined;
  }): Promise<FromTemplate> {
    const r = await this.apply((d) => {
      const x = newNoteFromTemplate(d, input, this.clock(), this.now());
      return { data: x.data, value: x, onlyNotes: [x.note.id] };
    });
    return { note: this.view(r.note), cursor: r.cursor };
  }

  // ---- tags

  listTags(): { tree: TagNode[]; all: { tag: string; count: number }[]; labels: Record<string, string> } {
    const labels = this.store.get().settings.tagLabels ?? {};
    const live = Object.values(this.store.get().notes).filter((n) => !n.deletedAt);
    const counts = countTags(live);
    const all = [...counts.entries()].filter(([, c]) => c.own > 0).map(([tag, c]) => ({ tag, count: c.own }));
    return {
      tree: buildTagTree(counts),
      all: all.sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
      labels: { ...labels },
    };
  }

  /** Tag changes are undone by the inverse rename / re-adding, only where the notes still match. */
  private async changeTags(
    label: string,
    map: () => ReturnType<typeof tagMapOf>,
    change: (d: StoreData) => TagChange,
  ): Promise<TagResult> {
    const r = await this.mutate(
      (d) => {
        const x = change(d);
        return { data: x.data, value: x.notes };
      },
      { undo: (before, after, ch) => tagStep(label, map(), before, after, ch.notes), history: true },
    );
    return { notes: r.value, label, undoId: r.undoId };
  }

  renameTag(from: string, to: string): Promise<TagResult> {
    return this.changeTags(
      `Rename tag ${from} to ${to}`,
      () => tagMapOf('rename', from, to),
      (d) => renameTag(d, from, to),
    );
  }

  mergeTags(source: string, target: string): Promise<TagResult> {
    return this.changeTags(
      `Merge tag ${source} into ${target}`,
      () => tagMapOf('rename', source, target),
      (d) => mergeTags(d, source, target),
    );
  }

  deleteTag(tag: string): Promise<TagResult> {
    return this.changeTags(
      `Remove tag ${tag}`,
      () => tagMapOf('remove', tag),
      (d) => deleteTag(d, tag),
    );
  }

  // ---- markdown in and out

  readonly jobs = new JobRegistry();

  /** Exports to markdown (see export/export.ts); `jobId` lets the UI poll progress and cancel. */
  async exportMarkdown(
    scope: ExportScope,
    dir: string,
    options: {
      format?: ExportFormat;
      order?: NoteSort;
      jobId?: string;
      partner?: string;
      allowMarking?: string;
    } = {},
  ): Promise<ExportReport> {
    const job = this.jobs.open(options.jobId);
    try {
      const data = this.store.get();
      const report = await exportNotes(data, scope, dir, {
        ...options,
        index: this.index,
        ...(job ? { job } : {}),
        now: this.clock(),
        blobs: this.attachments.blobs,
      });
      await this.logExport(data, scope, options.format ?? 'files', report.dir, report);
      return report;
    } finally {
      this.jobs.close(options.jobId);
    }
  }

  // ---- markings (rules in markings/; this only wires them to the store, history and the log)

  /** Appends to the export log beside the store; the export is not reported done until it is on disk. */
  private logExport(
    data: StoreData,
    scope: ExportScope,
    format: string,
    destination: string,
    r: { notes: number; withheld: number; partner: string | null; highest: string | null },
  ): Promise<void> {
    return appendExportLog(this.store.dataDir, this.store.sealer, {
      time: this.now(),
      scope: describeScope(data, scope),
      format,
      destination,
      partner: r.partner,
      included: r.notes,
      withheld: r.withheld,
      highest: r.highest,
    });
  }

  /** The per-note .zip for a browser download, guarded and logged like any export. */
  async exportArchive(
    scope: ExportScope,
    options: { order?: NoteSort; partner?: string; allowMarking?: string },
  ): Promise<ExportArchive> {
    const data = this.store.get();
    const a = await archiveNotes(data, scope, {
      ...options,
      index: this.index,
      now: this.clock(),
      blobs: this.attachments.blobs,
    });
    await this.logExport(data, scope, 'download', 'browser download', a);
    return a;
  }

  /** What an export for `partner` would include, withhold and need confirmed; writes nothing. */
  checkExport(scope: ExportScope, partner?: string): ReleaseCheck {
    const data = this.store.get();
    const check = checkRelease(data, notesInScope(data, scope, this.index), partner ?? null).check;
    // The list is for showing; the counts stay exact.
    return { ...check, withheld: check.withheld.slice(0, 200) };
  }

  /** A print/PDF document, guarded like an export and logged (the page itself is printed by the shell). */
  async preparePrint(
    scope: ExportScope,
    options: { order?: NoteSort; partner?: string; allowMarking?: string },
  ): Promise<PrintDocument> {
    const data = this.store.get();
    const { notes, check } = guardedNotes(data, scope, { ...options, index: this.index });
    const doc = printDocument(data, scope, notes, check);
    await this.logExport(data, scope, 'print', 'print / PDF', {
      notes: notes.length,
      withheld: check.withheld.length,
      partner: check.partner,
      highest: check.highest,
    });
    return doc;
  }

  exportLog(): Promise<ExportLogEntry[]> {
    return readExportLog(this.store.dataDir, this.store.sealer);
  }

  markingScheme(): MarkingScheme {
    return schemeOf(this.store.get());
  }

  async setMarkingScheme(scheme: MarkingScheme): Promise<MarkingScheme> {
    await this.apply((d) => ({ data: setScheme(d, scheme), value: null }));
    return this.markingScheme();
  }

  /** A marking change is an edit: the prior version goes to the note's history. */
  async setNoteMarking(id: string, patch: MarkingPatch): Promise<NoteView> {
    const before = requireNote(this.store.get(), id);
    const note = await this.apply((d) => {
      const r = setNoteMarking(d, id, patch, this.now());
      return { data: r.data, value: r.note, onlyNotes: [id] };
    }, 'edit');
    if (note !== before) await this.revisions.record(before, this.clock().getTime(), true).catch(() => false);
    return this.view(note);
  }

  setTopicMarking(id: string, patch: MarkingPatch): Promise<Topic> {
    return this.apply((d) => {
      const r = setTopicMarking(d, id, patch, this.now());
      return { data: r.data, value: r.topic };
    });
  }

  private async readImport(
    source: string,
    jobId?: string,
    store = false,
  ): Promise<{ candidates: Candidate[]; skipped: Skipped[]; ignored: number; attachments: number }> {
    const job = this.jobs.open(jobId);
    try {
      const scan = await scanSource(source, {
        progress: (done, total) => job?.report(done, total),
        // Refuse before reading when the files alone would push the notes past the store budget.
        beforeRead: (bytes, files) => this.store.admitGrowth?.(bytes, 'import', files),
      });
      job?.check();
      const skipped = [...scan.skipped];
      const candidates: Candidate[] = [];
      // Parsing thousands of files takes a while: in slices, so calls (a search as one types) get answers.
      await inSlices(scan.files, (file) => {
        try {
          candidates.push(parseCandidate(file, this.now()));
        } catch (err) {
          skipped.push({
            path: file.path,
            reason: `front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`,
          });
        }
      });
      // Files the notes reference: checked (preview) or stored before the notes are (run).
      const attachments = await importAttachments(
        candidates,
        scan.assets,
        store ? (f, name) => this.attachFound(f, name) : null,
      );
      return { candidates, skipped, ignored: scan.ignored, attachments };
    } finally {
      this.jobs.close(jobId);
    }
  }

  /** What importing `source` would add, skip and report; changes nothing. */
  async previewImport(source: string, jobId?: string): Promise<ImportReport> {
    const r = await this.readImport(source, jobId);
    const report = planImport(
      this.store.get(),
      r.candidates,
      r.skipped,
      r.ignored,
      source,
      this.now(),
    ).report;
    return r.attachments ? { ...report, attachments: r.attachments } : report;
  }

  /** Imports `source` as one undoable change: every new note and topic in a single save, or nothing. */
  async runImport(
    source: string,
    jobId?: string,
  ): Promise<ImportReport & { label: string; undoId: number | null }> {
    const r = await this.readImport(source, jobId, true);
    const label = (n: number) => `Import ${n} note${n === 1 ? '' : 's'}`;
    const done = await this.mutate(
      (d) => {
        const plan = planImport(d, r.candidates, r.skipped, r.ignored, source, this.now());
        return {
          data: plan.data,
          value: r.attachments ? { ...plan.report, attachments: r.attachments } : plan.report,
        };
      },
      { undo: (b, a, ch, rep) => importStep(label(rep.added), b, a, ch.notes, ch.topics), action: 'import' },
    );
    return { ...done.value, label: label(done.value.added), undoId: done.undoId };
  }

  // ---- saved searches

  listSavedSearches(): SavedSearch[] {
    return listSavedSearches(this.store.get());
  }

  createSavedSearch(input: { name: string; query: string }): Promise<SavedSearch> {
    return this.apply((d) => {
      const r = createSavedSearch(d, input, this.now());
      return { data: r.data, value: r.search };
    });
  }

  updateSavedSearch(patch: { id: string; name?: string; query?: string }): Promise<SavedSearch> {
    return this.apply((d) => {
      const r = updateSavedSearch(d, patch);
      return { data: r.data, value: r.search };
    });
  }

  deleteSavedSearch(id: string): Promise<null> {
    return this.apply((d) => ({ data: deleteSavedSearch(d, id), value: null }));
  }

  // ---- undo

  /** The step undo would take back and, if anything changed since, what it will do about it. */
  peekUndo(): UndoPeek {
    const entry = this.undo.peek();
    if (!entry) return { label: null, id: null, conflicts: [], needsConfirm: false };
    const plan = planUndo(entry.step, this.store.get(), this.now(), false, true);
    return {
      label: entry.step.label,
      id: entry.id,
      conflicts: plan.conflicts,
      needsConfirm: plan.needsConfirm,
    };
  }

  /**
   * Takes back the newest step by its inverse. `id` (from the toast) must still be the newest step;
   * a step that would remove something edited since runs only with `confirm`.
   */
  async runUndo(
    options: { id?: number | undefined; confirm?: boolean | undefined } = {},
  ): Promise<{ label: string; id: number; conflicts: string[] }> {
    const entry = this.undo.peek();
    if (!entry) throw new DossierError('NOT_FOUND', 'There is nothing to undo.');
    if (options.id !== undefined && options.id !== entry.id)
      throw new DossierError(
        'CONFLICT',
        `That step was superseded; undo would now take back "${entry.step.label}".`,
        {
          superseded: true,
        },
      );
    const plan = planUndo(entry.step, this.store.get(), this.now(), options.confirm ?? false, true);
    if (plan.needsConfirm && !options.confirm)
      throw new DossierError('CONFLICT', `Undo "${entry.step.label}"? ${plan.conflicts.join(' ')}`, {
        needsConfirm: true,
        conflicts: plan.conflicts,
      });
    this.undo.pop();
    await this.mutate(
      (d) => ({ data: planUndo(entry.step, d, this.now(), options.confirm ?? false).data, value: undefined }),
      { history: true, action: 'undo' },
    );
    return { label: entry.step.label, id: entry.id, conflicts: plan.conflicts };
  }

  // ---- trash

  restoreFromTrash(kind: 'note' | 'topic', id: string): Promise<{ restored: string }> {
    return this.apply((d) => ({ data: restoreFromTrash(d, kind, id), value: { restored: id } }), 'restore');
  }

  /** set when notes were purged or attachments taken out: unreferenced files are collected at close */
  private collectPending = false;

  async emptyTrash(): Promise<{ notes: number; topics: number; undoId: number | null }> {
    this.collectPending = true;
    const r = await this.mutate(
      (d) => {
        const x = purgeTrash(d);
        return { data: x.data, value: { notes: x.notes, topics: x.topics } };
      },
      { undo: (b, a, ch) => recordsStep('Empty trash', b, a, ch.notes, ch.topics) },
    );
    return { ...r.value, undoId: r.undoId };
  }

  /** Deletes trash older than the retention setting (run at open). */
  async purgeExpiredTrash(): Promise<{ notes: number; topics: number }> {
    const days = this.store.get().settings.trashRetentionDays;
    const cutoff = new Date(this.clock().getTime() - days * 86_400_000).toISOString();
    return this.apply((d) => {
      const r = purgeTrash(d, cutoff);
      return { data: r.data, value: { notes: r.notes, topics: r.topics } };
    });
  }

  setTrashRetention(days: number): Promise<void> {
    return this.apply((d) => ({
      data: { ...d, settings: { ...d.settings, trashRetentionDays: days } },
      value: undefined,
    }));
  }

  // ---- backups

  listBackups(): Promise<BackupInfo[]> {
    return listBackups(this.store.dataDir);
  }

  /** Restores a backup into the running store; the current state is snapshotted first and undo brings it back. */
  async restoreBackup(name: string): Promise<{ restored: string; undoId: number | null }> {
    const backup = (await listBackups(this.store.dataDir)).find((b) => b.name === name);
    if (!backup) throw new DossierError('NOT_FOUND', `Backup ${name} does not exist.`);
    const loaded = await loadStoreFile(backup.path, { quarantine: false, sealer: this.store.sealer });
    if (!loaded) throw new DossierError('NOT_FOUND', `Backup ${name} does not exist.`);
    await this.store.flush();
    await snapshotData(
      this.store.dataDir,
      this.store.get(),
      'before-restore',
      this.clock(),
      this.store.sealer,
    );
    const label = `Restore backup ${name}`;
    const r = await this.mutate(
      (d) => ({ data: { ...loaded.data, settings: d.settings }, value: undefined }),
      { undo: (b, a, ch) => recordsStep(label, b, a, ch.notes, ch.topics), history: true, action: 'restore' },
    );
    // The backup's attachment files come back from the backup pool (store/backup-attachments.ts).
    await restoreBackupAttachments(this.store.dataDir, this.store.get());
    return { restored: name, undoId: r.undoId };
  }

  // ---- revisions

  listRevisions(noteId: string): Promise<Revision[]> {
    return this.revisions.list(noteId);
  }

  /** History files of a note set aside because they failed their integrity check (see RevisionLog.list). */
  keptHistory(noteId: string): Promise<KeptHistory[]> {
    return this.revisions.keptAside(noteId);
  }

  async diffRevision(noteId: string, rev: number): Promise<DiffPart[]> {
    const current = requireNote(this.store.get(), noteId);
    const r = (await this.revisions.list(noteId)).find((x) => x.rev === rev);
    if (!r) throw new DossierError('NOT_FOUND', `Revision ${rev} does not exist.`);
    return diffText(r.body, current.body);
  }

  async restoreRevision(noteId: string, rev: number): Promise<NoteView> {
    const r = (await this.revisions.list(noteId)).find((x) => x.rev === rev);
    if (!r) throw new DossierError('NOT_FOUND', `Revision ${rev} does not exist.`);
    const current = requireNote(this.store.get(), noteId);
    // The marking is part of the version: a revision without one inherited its topic's, so it clears.
    // Checked first (a partner may have left the topic since), so a refusal changes nothing.
    const patch = { marking: r.marking ?? null, releasableTo: r.releasableTo ?? null };
    setNoteMarking(this.store.get(), noteId, patch, this.now());
    // Keep the version being replaced, whatever the coalescing window says.
    await this.revisions.record(current, this.clock().getTime(), true).catch(() => false);
    const view = await this.updateNote({ id: noteId, title: r.title, body: r.body, tags: r.tags });
    const after = requireNote(this.store.get(), noteId);
    if (after.marking === patch.marking && isDeepStrictEqual(after.releasableTo ?? null, patch.releasableTo))
      return view;
    return this.setNoteMarking(noteId, patch);
  }

  // ---- attachments (rules in core/attachments; here only the wiring)

  /** An import's referenced file: a real file is copied in, bytes from a zip are stored from memory. */
  private async attachFound(
    found: { path: string } | { bytes: Uint8Array },
    name: string,
  ): Promise<Attachment> {
    if ('path' in found) return (await this.attach(found.path, { name })).attachment;
    return (await this.attachBytes(found.bytes, name)).attachment;
  }

  /** Stores bytes the shell holds in memory (a pasted image, an upload) — no plaintext temp file on disk. */
  async attachBytes(bytes: Uint8Array, name: string): Promise<Attached> {
    const r = await this.attachments.addBytes(bytes, name);
    void this.fileText.schedule([r.attachment]);
    return r;
  }

  /**
   * Plaintext bytes [offset, offset + length) of an attachment's file, for shells that serve it in pieces
   * (the key stays with the core). `size` is the whole file's.
   */
  async readAttachment(
    id: string,
    offset: number,
    length: number,
  ): Promise<{ bytes: Uint8Array; size: number }> {
    const att = this.attachments.get(id);
    if (!(await this.attachments.blobs.has(att.hash)))
      throw new DossierError('NOT_FOUND', 'The file is missing.');
    const bytes = await this.attachments.blobs.readRange(att.hash, offset, offset + length);
    if (bytes.length < Math.min(length, Math.max(0, att.size - offset)))
      throw new DossierError(
        'DATA_TAMPERED',
        `The file of ${att.name} is shorter than when it was attached; it was changed or cut short.`,
        { file: att.name },
      );
    return { bytes, size: att.size };
  }

  /** Stores a file and its record; its text is then extracted in the background for `in:files`. */
  async attach(
    source: string,
    options: { name?: string | undefined; incoming?: boolean | undefined } = {},
  ): Promise<Attached> {
    const r = await this.attachments.add(source, { name: options.name, move: options.incoming === true });
    void this.fileText.schedule([r.attachment]);
    return r;
  }

  /** A note's attachments; works for a note in the trash too (its files stay with it). */
  listAttachments(noteId: string): Promise<AttachmentView[]> {
    const note = this.store.get().notes[noteId];
    if (!note) throw new DossierError('NOT_FOUND', 'That note no longer exists.');
    return this.attachments.list(note.body);
  }

  getAttachment(id: string): Attachment {
    return this.attachments.get(id);
  }

  /** Renames what one note shows for an attachment (its references in that note). */
  renameAttachment(noteId: string, id: string, name: string): Promise<NoteSaved> {
    const note = requireNote(this.store.get(), noteId);
    const safe = safeFileName(name);
    const body = rewriteRefs(note.body, (r) =>
      r.id === id ? renamedRef(r, safe) : note.body.slice(r.start, r.end),
    );
    if (body === note.body && !findRefs(note.body).some((r) => r.id === id))
      throw new DossierError('NOT_FOUND', 'That note does not reference this attachment.');
    return this.updateNote({ id: noteId, body });
  }

  /** Takes an attachment out of a note (its references); the file goes when nothing references it any more. */
  removeAttachment(noteId: string, id: string): Promise<NoteSaved> {
    const note = requireNote(this.store.get(), noteId);
    if (!findRefs(note.body).some((r) => r.id === id))
      throw new DossierError('NOT_FOUND', 'That note does not reference this attachment.');
    this.collectPending = true;
    return this.updateNote({ id: noteId, body: removeRefs(note.body, id) });
  }

  saveAttachmentAs(id: string, dest: string): Promise<{ path: string }> {
    return this.attachments.saveAs(id, dest);
  }

  attachmentText(id: string): ExtractedText {
    return this.fileText.info(this.attachments.get(id));
  }

  attachmentLimit(): { bytes: number } {
    return { bytes: this.store.get().settings.attachmentLimitBytes };
  }

  setAttachmentLimit(bytes: number): Promise<void> {
    return this.apply((d) => ({
      data: { ...d, settings: { ...d.settings, attachmentLimitBytes: bytes } },
      value: undefined,
    }));
  }

  /** Resolves when the clean-up after open and the text extraction queued so far are done (tests, bench). */
  async attachmentsIdle(): Promise<void> {
    await this.housekeeping;
    await this.fileText.idle();
  }

  /** Starts text extraction for every attachment (at open; cached text is read back, not extracted again). */
  startFileText(): Promise<void> {
    return this.fileText.schedule(Object.values(this.store.get().attachments));
  }

  /** Removes attachments that no note, trashed note or kept revision references (after a purge). */
  async collectAttachments(): Promise<{ removed: number; bytes: number }> {
    const notes = Object.keys(this.store.get().notes);
    const revisions = this.revisions;
    await revisions.idle();
    const r = await this.attachments.collect(async function* () {
      for (const id of notes) for (const rev of await revisions.list(id)) yield rev.body;
      // After the loop: reading a damaged history above moves it aside.
      yield* revisions.keptBodies();
    });
    return r;
  }

  // ---- sample data

  /** Loads the shipped sample topics and notes; loading twice adds nothing (same topic name / note title are reused). */
  async loadSample(): Promise<{ topics: number; notes: number }> {
    const sample = await readSampleData(path.join(this.options.assetsDir, 'sample-data.json'));
    return this.apply((d) => {
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

type TagResult = { notes: number; label: string; undoId: number | null };

function toSummary(n: Note, terms: readonly string[], m: EffectiveMarking): NoteSummary {
  const summary: NoteSummary = {
    id: n.id,
    topicId: n.topicId,
    title: n.title,
    snippet: makeSnippet(n.body, terms),
    tags: n.tags,
    pinned: n.pinned,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    marking: { level: m.level, colour: m.colour, banner: bannerText(m) },
  };
  if (n.deletedAt) summary.deletedAt = n.deletedAt;
  if (terms.length) summary.matches = [...terms];
  return summary;
}
