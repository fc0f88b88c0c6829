import { z } from 'zod';
import type { Note, SavedSearch, Topic } from './domain/model.js';
import { topicStatusSchema } from './domain/model.js';
import type { TagNode } from './core/tags/tree.js';
import type { NoteTitle } from './core/notes/titles.js';
import type { QueryHint } from './core/search/explain.js';
import type { ErrorPayload, Result } from './domain/errors.js';
import type { BackupInfo, DiffPart, RevisionList } from './domain/records.js';
import type { ImportReport } from './domain/records.js';
import type { MergeReport } from './core/notes/merge-save.js';
import type { ChangesSince } from './core/sync/change-feed.js';
import { markingSchemeSchema, type MarkingScheme } from './domain/marking-scheme.js';
import type { ReleaseCheck } from './core/markings/release.js';
import type { ExportLogEntry } from './core/markings/log-entry.js';
import type { PrintDocument } from './core/markings/print.js';

export type { MarkingScheme, ReleaseCheck, ExportLogEntry, PrintDocument };
import type { Attachment } from './domain/model.js';
import type { Attached, AttachmentView, ExtractedText } from './core/attachments/types.js';

export type {
  ImportFileReport,
  ImportReport,
  MergeReport,
  ChangesSince,
  NoteTitle,
  QueryHint,
  Attachment,
  Attached,
  AttachmentView,
  ExtractedText,
};
import type { ImportFileReport } from './domain/records.js';
import { propertyKeySchema, propertyValueSchema } from './domain/property-value.js';
import type { PropertyMap, PropertyValue, PropertyKind } from './domain/property-value.js';
import type {
  Backlink,
  DeleteImpact,
  LinkCompletion,
  LinkNoteRef,
  Mention,
  NoteAnchors,
  OutgoingLink,
  RetargetImpact,
  TemplateList,
} from './core/links/types.js';

export type { PropertyMap, PropertyValue, PropertyKind };
export type {
  Backlink,
  DeleteImpact,
  LinkCompletion,
  LinkNoteRef,
  Mention,
  NoteAnchors,
  OutgoingLink,
  RetargetImpact,
};

/** A note made from a template: the note, and where the cursor goes in its body (the `{{cursor}}` marker). */
export type FromTemplate = { note: NoteView; cursor: number };

export type { TemplateList };

/** A note with its version: a save names the version it was based on (see notes.update baseVersion). */
export type NoteView = Note & { version: number };

/** The result of a save; `merge` is there when the save was stale and was merged with a change made elsewhere. */
export type NoteSaved = NoteView & { merge?: MergeReport };

/** The step undo would take back, and what it will do about anything changed since. */
export type UndoPeek = {
  label: string | null;
  /** id of the step (toasts compare it to know whether their step is still the newest) */
  id: number | null;
  conflicts: string[];
  /** the undo would remove something edited since: run it with confirm: true */
  needsConfirm: boolean;
};

/** What an undoable call returns: the toast label and the id of its undo step (null: nothing to undo). */
type Undoable = { undoId: number | null };

/** What the UI shows when the store could not be opened. */
export type RecoveryStatus = { problem: ErrorPayload | null; backups: BackupInfo[] };

/** Encryption at rest (store/sealed/): whether the notebook is protected and whether its key is in memory. */
export type ProtectionStatus = {
  /** protection.json exists: files are sealed with the notebook's data key */
  protected: boolean;
  /** protected and the key is not in memory: every call but protection.* answers NOTEBOOK_LOCKED */
  locked: boolean;
  /** off; on; or a conversion cut short (it resumes on the next unlock) */
  state: 'off' | 'on' | 'converting' | 'removing';
  hasRecoveryKey: boolean;
  /** lock after this many minutes without use; null: never */
  autoLockMinutes: number | null;
  /** the key-derivation parameters in use (null when not protected) */
  kdf: { name: 'scrypt'; log2N: number; r: number; p: number } | null;
};
export type ProtectionEnabled = {
  status: ProtectionStatus;
  /** shown once; null when the user chose no recovery key */
  recoveryKey: string | null;
  /** files sealed, and plaintext files removed (temp files, caches that are rebuilt) */
  sealed: number;
  removed: number;
};

/**
 * Every call across the process boundary, defined once: name → zod input schema → result type.
 * Main (IPC), preload, the browser-mode server, the CLI and the renderer client all derive from this map.
 */

/** Phantom marker carrying a result type without runtime cost. */
const out = <T>() => undefined as unknown as T;

const id = z.string().min(1).max(64);
const attachmentId = z.string().regex(/^[0-9a-f]{16,64}$/, 'An attachment id is 16 to 64 hex digits.');
const tagList = z.array(z.string().max(200)).max(500);
const tagText = z.string().min(1).max(500);
const searchName = z.string().trim().min(1, 'A saved search needs a name.').max(200);
const searchQuery = z.string().max(2000);

export const noteSortSchema = z.enum(['updated', 'created', 'title', 'relevance']);
export type NoteSort = z.infer<typeof noteSortSchema>;

/** Structured filters (sidebar clicks) combined with the free-text query from the search box. */
export const noteFilterSchema = z.object({
  /** a topic id, 'inbox' for notes without topic, or undefined for all */
  topicId: z.string().max(64).optional(),
  /** every tag must match; a parent tag matches its children */
  tags: tagList.optional(),
  /** search-box text (query language, see core/search/query.ts) */
  text: z.string().max(2000).optional(),
  /** show the trash instead of live notes */
  trash: z.boolean().optional(),
});
export type NoteFilter = z.infer<typeof noteFilterSchema>;

/** One row of the note list: enough for the virtualised list, without the full body. */
export type NoteSummary = {
  id: string;
  topicId: string | null;
  title: string;
  snippet: string;
  tags: string[];
  pinned: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  /** the effective marking, for the list badge */
  marking: { level: string; colour: string; banner: string };
  /** lowercase terms the query matched, for highlighting */
  matches?: string[];
};

export type TopicSummary = Topic & { noteCount: number };

export type NoteListResult = {
  total: number;
  offset: number;
  items: NoteSummary[];
  /** how the query was read, shown under the search box */
  queryExplained?: string;
  /** what the query means, in words: `notes tagged partner/* and not containing "draft"` */
  queryMeaning?: string;
  /** unknown fields, tags no note carries — each with a corrected query when one is likely */
  queryHints?: QueryHint[];
  /** words and phrases the query looks for (folded), for highlighting the preview */
  terms?: string[];
  /** counts over the whole result set, when asked for */
  facets?: Facets;
};

export type Facets = {
  tags: { tag: string; count: number }[];
  topics: { topicId: string; count: number }[];
  partners: { partner: string; count: number }[];
  /** every level of the scheme in order, with its colour and how many results carry it */
  markings: { level: string; colour: string; count: number }[];
};

export type SaveState = {
  state: 'saved' | 'saving' | 'error';
  lastSavedAt: string | null;
  error?: string;
  pendingSince?: string;
  /** how often the core worker stopped and was restarted (reopening the store) this session */
  restarts?: number;
  /** the notebook is protected and locked (after a lock, auto-lock, or a restarted core): show the unlock screen */
  locked?: boolean;
};

export type AppInfo = {
  version: string;
  mode: 'electron' | 'browser' | 'cli';
  dataDir: string;
  storePath: string;
  noteCount: number;
  topicCount: number;
  /** size of the notebook and its budget; readOnly when it is over (only export and delete work) */
  storage?: { bytes: number; budgetBytes: number; readOnly: boolean };
  /**
   * Files in the data folder are sealed (a protected, unlocked notebook): shells then never write
   * plaintext there nor hand a stored file's path to anyone; they go through attachments.read/addBytes.
   */
  sealed?: boolean;
};

export type ExportReport = {
  dir: string;
  files: number;
  notes: number;
  topics: number;
  /** attachment files written beside the notes (in _attachments/ folders) */
  attachments?: number;
  /** the first few files written, relative to dir */ written?: string[];
  /** the partner the export was for (null: no partner filter) */
  partner: string | null;
  /** notes of the scope left out because they are not releasable to the partner */
  withheld: number;
  withheldByReason: { reason: string; count: number }[];
  /** the highest marking among what was written */
  highest: string | null;
};
export const exportFormatSchema = z.enum(['files', 'brief', 'zip']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;
const jobId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

const topicFields = {
  name: z.string().max(200),
  description: z.string().max(20_000),
  partners: z.array(z.string().max(200)).max(200),
  status: topicStatusSchema,
};

export const exportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), id }),
  z.object({ kind: z.literal('topic'), id }),
  z.object({ kind: z.literal('all') }),
  /** the current search results: sidebar filter plus query */
  z.object({ kind: z.literal('query'), filter: noteFilterSchema }),
]);
export type ExportScope = z.infer<typeof exportScopeSchema>;

const levelName = z.string().trim().min(1).max(60);
const partnerName = z.string().trim().min(1).max(200);
/** Who an export is for and what the user confirmed may leave (see core/markings/release.ts). */
const releaseFields = { partner: partnerName.optional(), allowMarking: levelName.optional() };
/** null clears the override, so the note or topic inherits again. */
const markingFields = {
  marking: levelName.nullable().optional(),
  releasableTo: z.array(partnerName).max(200).nullable().optional(),
};
const baseVersion = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One change to a note's properties: set a key to a typed value, remove it, or rename it. */
export const propertyChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), key: propertyKeySchema, value: propertyValueSchema }).strict(),
  z.object({ op: z.literal('remove'), key: propertyKeySchema }).strict(),
  z.object({ op: z.literal('rename'), key: propertyKeySchema, to: propertyKeySchema }).strict(),
]);
export type PropertyChange = z.infer<typeof propertyChangeSchema>;

const passphrase = z.string().min(1).max(1024);
/** What opens a protected notebook: the passphrase or the one-time recovery key. */
export const secretSchema = z.union([
  z.object({ passphrase }).strict(),
  z.object({ recoveryKey: z.string().min(1).max(200) }).strict(),
]);

export const contract = {
  'app.info': { input: z.object({}).strict(), result: out<AppInfo>() },
  'store.status': { input: z.object({}).strict(), result: out<SaveState>() },
  /** The change feed: what changed after version `since` (0 = just tell the current version). */
  'store.changes': {
    input: z.object({ since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
    result: out<ChangesSince>(),
  },

  'topics.list': { input: z.object({}).strict(), result: out<TopicSummary[]>() },
  'topics.create': {
    input: z
      .object({
        name: topicFields.name,
        description: topicFields.description.optional(),
        partners: topicFields.partners.optional(),
        status: topicFields.status.optional(),
      })
      .strict(),
    result: out<Topic>(),
  },
  'topics.update': {
    input: z
      .object({
        id,
        name: topicFields.name.optional(),
        description: topicFields.description.optional(),
        partners: topicFields.partners.optional(),
        status: topicFields.status.optional(),
      })
      .strict(),
    result: out<Topic>(),
  },
  'topics.delete': {
    input: z.object({ id, withNotes: z.boolean().optional() }).strict(),
    result: out<{ deletedNotes: number } & Undoable>(),
  },

  'notes.list': {
    input: z
      .object({
        filter: noteFilterSchema,
        sort: noteSortSchema.optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        facets: z.boolean().optional(),
      })
      .strict(),
    result: out<NoteListResult>(),
  },
  'notes.get': { input: z.object({ id }).strict(), result: out<NoteView>() },
  /** Every live note's title (newest first), for the command palette's fuzzy match. */
  'notes.titles': { input: z.object({}).strict(), result: out<NoteTitle[]>() },
  'notes.create': {
    input: z
      .object({
        topicId: id.nullable().optional(),
        title: z.string().max(500).optional(),
        body: z.string().max(5_000_000).optional(),
        tags: tagList.optional(),
      })
      .strict(),
    result: out<NoteView>(),
  },
  'notes.update': {
    input: z
      .object({
        id,
        title: z.string().max(500).optional(),
        body: z.string().max(5_000_000).optional(),
        tags: tagList.optional(),
        topicId: id.nullable().optional(),
        pinned: z.boolean().optional(),
        /** the version (from notes.get or the last save) the edit started from; a stale save is merged */
        baseVersion: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      })
      .strict(),
    result: out<NoteSaved>(),
  },
  'notes.delete': { input: z.object({ id }).strict(), result: out<{ label: string } & Undoable>() },
  /** What deleting the note would break: links in other notes that resolve to it (ask before notes.delete). */
  'notes.deleteImpact': { input: z.object({ id }).strict(), result: out<DeleteImpact>() },
  /**
   * Changes a note's properties (front-matter keys Dossier does not own): applied in order, saved once.
   * Keys Dossier owns (title, tags, topic, created…) are refused; `aliases` feeds link resolution.
   */
  'notes.setProperties': {
    input: z
      .object({
        id,
        changes: z.array(propertyChangeSchema).min(1).max(100),
        baseVersion: baseVersion.optional(),
      })
      .strict(),
    result: out<NoteSaved>(),
  },
  /** Property keys in use among live notes, most used first (the panel's key suggestions). */
  'properties.keys': { input: z.object({}).strict(), result: out<{ key: string; count: number }[]>() },
  /**
   * A new note from a template: placeholders {{date}} {{time}} {{topic}} {{title}} {{partners}} filled,
   * tags and properties copied, the {{cursor}} marker removed and its offset returned. Without
   * `templateId`, the topic's default template.
   */
  'notes.createFromTemplate': {
    input: z
      .object({
        templateId: id.optional(),
        topicId: id.nullable().optional(),
        title: z.string().max(500).optional(),
      })
      .strict(),
    result: out<FromTemplate>(),
  },
  'templates.list': { input: z.object({}).strict(), result: out<TemplateList>() },
  /** Adds the four shipped templates to the Templates topic (created if needed); ones already there are kept. */
  'templates.install': { input: z.object({}).strict(), result: out<{ added: number; topicId: string }>() },
  /** Sets (or clears, with null) the template new notes in a topic start from. */
  'templates.setDefault': {
    input: z.object({ topicId: id, templateId: id.nullable() }).strict(),
    result: out<null>(),
  },

  /** Notes linking to a note, each link with the sentence around it; most recently edited first. */
  'links.backlinks': { input: z.object({ id }).strict(), result: out<Backlink[]>() },
  /** A note's links in text order with where each goes (resolved, ambiguous with candidates, unresolved, file). */
  'links.outgoing': { input: z.object({ id }).strict(), result: out<OutgoingLink[]>() },
  /** Where a link target typed in note `fromId` goes (the preview's click on a link; hover previews). */
  'links.resolve': {
    input: z.object({ target: z.string().min(1).max(1000), fromId: id.optional() }).strict(),
    result: out<{ status: OutgoingLink['status']; noteId: string | null; candidates: LinkNoteRef[] }>(),
  },
  /** Headings and block ids of a note (for `[[Title#` completion and scrolling to a heading). */
  'links.anchors': { input: z.object({ id }).strict(), result: out<NoteAnchors>() },
  /** Notes offered while typing `[[query` in note `fromId`: titles and aliases ranked like search. */
  'links.complete': {
    input: z
      .object({
        query: z.string().max(500),
        fromId: id.optional(),
        limit: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
    result: out<LinkCompletion[]>(),
  },
  /** Notes naming the note's title or an alias in plain text (not linked): candidates for "link it". */
  'links.mentions': {
    input: z.object({ id, limit: z.number().int().min(1).max(500).optional() }).strict(),
    result: out<Mention[]>(),
  },
  /** Turns one mention (from links.mentions) into a link to `targetId`; CONFLICT if the text changed since. */
  'links.linkIt': {
    input: z
      .object({
        sourceId: id,
        targetId: id,
        offset: z.number().int().min(0).max(5_000_000),
        length: z.number().int().min(1).max(1000),
        baseVersion: baseVersion.optional(),
      })
      .strict(),
    result: out<NoteSaved>(),
  },
  /** After a rename: how many links (in how many notes) still point at the note's old title `from`. */
  'links.retargetImpact': {
    input: z.object({ id, from: z.string().min(1).max(500) }).strict(),
    result: out<RetargetImpact>(),
  },
  /** After a rename: points every link at the old title `from` to the current title; one undoable step. */
  'links.retarget': {
    input: z.object({ id, from: z.string().min(1).max(500) }).strict(),
    result: out<RetargetImpact & { label: string } & Undoable>(),
  },

  /** Tags with counts; `labels` maps a tag to the case the user wrote it in (`tech/radar` → `Tech/Radar`) for display. */
  'tags.list': {
    input: z.object({}).strict(),
    result: out<{ tree: TagNode[]; all: { tag: string; count: number }[]; labels: Record<string, string> }>(),
  },
  'tags.check': { input: z.object({ tag: z.string().max(500) }).strict(), result: out<{ tag: string }>() },
  /** Tag management: each applies to every note at once, saves once and is undoable. */
  'tags.rename': {
    input: z.object({ from: tagText, to: tagText }).strict(),
    result: out<{ notes: number; label: string } & Undoable>(),
  },
  'tags.merge': {
    input: z.object({ source: tagText, target: tagText }).strict(),
    result: out<{ notes: number; label: string } & Undoable>(),
  },
  'tags.delete': {
    input: z.object({ tag: tagText }).strict(),
    result: out<{ notes: number; label: string } & Undoable>(),
  },

  'export.run': {
    input: z
      .object({
        scope: exportScopeSchema,
        dir: z.string().min(1).max(4096),
        format: exportFormatSchema.optional(),
        order: noteSortSchema.optional(),
        jobId: jobId.optional(),
        ...releaseFields,
      })
      .strict(),
    result: out<ExportReport>(),
  },
  /**
   * The per-note files packed as one .zip and returned (base64) instead of written on this machine: browser
   * mode saves it as a download. `name` is the file name to offer.
   */
  'export.archive': {
    input: z
      .object({ scope: exportScopeSchema, order: noteSortSchema.optional(), ...releaseFields })
      .strict(),
    result: out<
      { name: string; notes: number; base64: string } & Pick<
        ExportReport,
        'partner' | 'withheld' | 'withheldByReason' | 'highest'
      >
    >(),
  },
  /** What an export of `scope` for `partner` would include and withhold, and whether it needs confirming. */
  'export.check': {
    input: z.object({ scope: exportScopeSchema, partner: partnerName.optional() }).strict(),
    result: out<ReleaseCheck>(),
  },
  /** The export log beside the store, newest first. */
  'export.log': { input: z.object({}).strict(), result: out<ExportLogEntry[]>() },
  /**
   * A note, search results or topic brief rendered for print/PDF with its markings, guarded like an export
   * (partner filter, confirmation above the scheme's level) and written to the export log.
   */
  'print.prepare': {
    input: z
      .object({ scope: exportScopeSchema, order: noteSortSchema.optional(), ...releaseFields })
      .strict(),
    result: out<PrintDocument>(),
  },

  'markings.scheme': { input: z.object({}).strict(), result: out<MarkingScheme>() },
  /** Replaces the notebook's scheme; refuses to drop a level still in use. */
  'markings.setScheme': {
    input: z.object({ scheme: markingSchemeSchema }).strict(),
    result: out<MarkingScheme>(),
  },
  /** A note's own marking and releasability (recorded in its history like any edit). */
  'markings.setNote': { input: z.object({ id, ...markingFields }).strict(), result: out<NoteView>() },
  /** A topic's default marking and releasability for its notes. */
  'markings.setTopic': { input: z.object({ id, ...markingFields }).strict(), result: out<Topic>() },
  /** Reads a folder, .zip or .md file and says what an import would do; changes nothing. */
  'import.preview': {
    input: z.object({ source: z.string().min(1).max(4096), jobId: jobId.optional() }).strict(),
    result: out<ImportReport>(),
  },
  /** Imports in one undoable step: all of it or, if anything fails, nothing. */
  'import.run': {
    input: z.object({ source: z.string().min(1).max(4096), jobId: jobId.optional() }).strict(),
    result: out<ImportReport & { label: string } & Undoable>(),
  },
  'jobs.progress': {
    input: z.object({ jobId }).strict(),
    result: out<{ done: number; total: number } | null>(),
  },
  'jobs.cancel': { input: z.object({ jobId }).strict(), result: out<{ cancelled: boolean }>() },

  'sample.load': { input: z.object({}).strict(), result: out<{ topics: number; notes: number }>() },

  'undo.peek': { input: z.object({}).strict(), result: out<UndoPeek>() },
  /** Undoes the newest step; `id` refuses if a newer step superseded it; `confirm` when peek said needsConfirm. */
  'undo.run': {
    input: z.object({ id: z.number().int().min(1).optional(), confirm: z.boolean().optional() }).strict(),
    result: out<{ label: string; id: number; conflicts: string[] }>(),
  },

  'savedSearches.list': { input: z.object({}).strict(), result: out<SavedSearch[]>() },
  'savedSearches.create': {
    input: z.object({ name: searchName, query: searchQuery }).strict(),
    result: out<SavedSearch>(),
  },
  'savedSearches.update': {
    input: z.object({ id, name: searchName.optional(), query: searchQuery.optional() }).strict(),
    result: out<SavedSearch>(),
  },
  'savedSearches.delete': { input: z.object({ id }).strict(), result: out<null>() },

  'trash.restore': {
    input: z.object({ kind: z.enum(['note', 'topic']), id }).strict(),
    result: out<{ restored: string }>(),
  },
  /** A trashed note, read-only, so it can be read before it is restored. */
  'trash.get': { input: z.object({ id }).strict(), result: out<Note>() },
  'trash.empty': {
    input: z.object({}).strict(),
    result: out<{ notes: number; topics: number } & Undoable>(),
  },
  'settings.setTrashRetention': {
    input: z.object({ days: z.number().int().min(1).max(3650) }).strict(),
    result: out<null>(),
  },
  'backups.list': { input: z.object({}).strict(), result: out<BackupInfo[]>() },
  'backups.restore': {
    input: z.object({ name: z.string().min(1).max(200) }).strict(),
    result: out<{ restored: string } & Undoable>(),
  },
  /** The note's revisions, and its earlier history files set aside because they failed their check. */
  'revisions.list': { input: z.object({ noteId: id }).strict(), result: out<RevisionList>() },
  'revisions.diff': {
    input: z.object({ noteId: id, rev: z.number().int().min(1) }).strict(),
    result: out<DiffPart[]>(),
  },
  'revisions.restore': {
    input: z.object({ noteId: id, rev: z.number().int().min(1) }).strict(),
    result: out<NoteView>(),
  },

  /**
   * Attachments (core/attachments). Files live under attachments/ beside the store, by content hash; a note
   * references one with `![caption](attachments/<id>/<name>)` or `[name](attachments/<id>/<name>)`.
   * Serving a file to the page: GET /files/<id>/<name> (browser mode after POST /files/session; Electron
   * through the app:// scheme). Uploading bytes from the page: POST /files/upload (see web/attachment-routes.ts).
   */
  /**
   * Stores a file from a path on this machine (Electron picker or drop, CLI) and returns its record and the
   * markdown to insert. The file is durable before this resolves, so a note saved afterwards never points at
   * nothing. `incoming` is for shells: the path is an upload in attachments/.incoming/ and is moved, not copied.
   */
  'attachments.add': {
    input: z
      .object({
        path: z.string().min(1).max(4096),
        name: z.string().min(1).max(255).optional(),
        incoming: z.boolean().optional(),
      })
      .strict(),
    result: out<Attached>(),
  },
  /**
   * Stores bytes a shell holds in memory (a pasted image, a browser upload) like `add`, with no temp file
   * on disk. For shells over structured-clone transports (worker, IPC); JSON cannot carry the bytes.
   */
  'attachments.addBytes': {
    input: z
      .object({
        name: z.string().min(1).max(255),
        bytes: z.instanceof(Uint8Array),
      })
      .strict(),
    result: out<Attached>(),
  },
  /**
   * Plaintext bytes [offset, offset + length) of an attachment's file (at most 4 MiB a call; fewer at its
   * end), for shells serving it in pieces — in a protected notebook only the core can open it. `size` is
   * the whole file's.
   */
  'attachments.read': {
    input: z
      .object({
        id: attachmentId,
        offset: z.number().int().min(0),
        length: z
          .number()
          .int()
          .min(1)
          .max(4 * 1024 * 1024),
      })
      .strict(),
    result: out<{ bytes: Uint8Array; size: number }>(),
  },
  /** The attachments a note references, in order, with the name this note shows and whether the file is there. */
  'attachments.list': { input: z.object({ noteId: id }).strict(), result: out<AttachmentView[]>() },
  /** One attachment's record (shells use it to serve the file). */
  'attachments.get': { input: z.object({ id: attachmentId }).strict(), result: out<Attachment>() },
  /** Renames what a note shows (and exports) for an attachment: rewrites its references in that note. */
  'attachments.rename': {
    input: z.object({ noteId: id, id: attachmentId, name: z.string().trim().min(1).max(255) }).strict(),
    result: out<NoteSaved>(),
  },
  /** Removes an attachment's references from a note; the file goes once nothing references it (trash purge). */
  'attachments.remove': {
    input: z.object({ noteId: id, id: attachmentId }).strict(),
    result: out<NoteSaved>(),
  },
  /** Copies the file to a path (Electron's save dialog, CLI); never overwrites. */
  'attachments.saveAs': {
    input: z.object({ id: attachmentId, dest: z.string().min(1).max(4096) }).strict(),
    result: out<{ path: string }>(),
  },
  /** Text extracted for search (PDF pages, plain text): status, page count and the first characters. */
  'attachments.text': { input: z.object({ id: attachmentId }).strict(), result: out<ExtractedText>() },
  /** The per-file limit in bytes (default 200 MB). */
  'attachments.limit': { input: z.object({}).strict(), result: out<{ bytes: number }>() },
  'settings.setAttachmentLimit': {
    input: z
      .object({
        bytes: z
          .number()
          .int()
          .min(1024)
          .max(64 * 1024 ** 3),
      })
      .strict(),
    result: out<null>(),
  },

  /** Encryption at rest. These work while locked; every other call then answers NOTEBOOK_LOCKED. */
  'protection.status': { input: z.object({}).strict(), result: out<ProtectionStatus>() },
  'protection.unlock': { input: secretSchema, result: out<ProtectionStatus>() },
  /** Flushes, closes the store and forgets the key. */
  'protection.lock': { input: z.object({}).strict(), result: out<ProtectionStatus>() },
  /** Turns protection on: seals every file in the data folder (old backups, history, caches, attachments). */
  'protection.enable': {
    input: z.object({ passphrase, recoveryKey: z.boolean().default(true) }).strict(),
    result: out<ProtectionEnabled>(),
  },
  /** Turns protection off: every file is written back in plain text. */
  'protection.disable': { input: z.object({ passphrase }).strict(), result: out<ProtectionStatus>() },
  /** Rewraps the data key under a new passphrase (no file is rewritten). */
  'protection.changePassphrase': {
    input: z.object({ current: secretSchema, next: passphrase }).strict(),
    result: out<ProtectionStatus>(),
  },
  /** A new recovery key; the old one stops working. */
  'protection.newRecoveryKey': {
    input: z.object({ passphrase }).strict(),
    result: out<{ recoveryKey: string }>(),
  },
  'protection.setAutoLock': {
    input: z.object({ minutes: z.number().int().min(1).max(1440).nullable() }).strict(),
    result: out<ProtectionStatus>(),
  },
  /**
   * The user is at the window (input without a call of its own, e.g. reading or scrolling): restarts the
   * host's idle time for auto-lock. Answers the milliseconds until auto-lock (null: off); while locked it
   * answers NOTEBOOK_LOCKED like every non-protection call, and unlocks nothing.
   */
  'protection.touch': { input: z.object({}).strict(), result: out<{ autoLockInMs: number | null }>() },

  /** Only meaningful while the store was refused at open (recovery mode); see shell/recovery.ts. */
  'recovery.status': { input: z.object({}).strict(), result: out<RecoveryStatus>() },
  'recovery.restore': {
    input: z.object({ name: z.string().max(200).optional() }).strict(),
    result: out<{ restored: string }>(),
  },
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<K extends CallName> = z.infer<Contract[K]['input']>;
export type CallResult<K extends CallName> = Contract[K]['result'];

/** The full API surface as one object type: used by handlers (Node side) and the client (renderer side). */
export type DossierApi = { [K in CallName]: (input: CallInput<K>) => Promise<CallResult<K>> };

/** What a transport returns for a call: the boundary never throws. */
export type CallOutcome<K extends CallName> = Result<CallResult<K>>;

export const callNames = Object.keys(contract) as CallName[];

/** Type guard for names arriving from outside (IPC channel suffix, URL path, CLI). */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
