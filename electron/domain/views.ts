import type { Note, Topic } from './model.js';
import type { PropertyValue } from './property-value.js';

// What the core answers and takes across the boundary, as plain types. The contract (electron/contract/) pairs
// each call with a zod schema whose output is one of these; the core works with the types and never imports
// the contract.

/** What a stale save did: the fields changed both here and elsewhere, and whether any clashed. */
export type MergeReport = {
  /** fields changed both here and elsewhere since the save's base version */
  fields: ('title' | 'body' | 'tags' | 'topicId' | 'pinned')[];
  /** true when body or title kept both sides (conflict markers / the other title noted in the body) */
  conflict: boolean;
};

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

/** A note made from a template: the note, and where the cursor goes in its body (the `{{cursor}}` marker). */
export type FromTemplate = { note: NoteView; cursor: number };

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

export type TopicSummary = Topic & { noteCount: number };

export type NoteSort = 'updated' | 'created' | 'title' | 'relevance';

/** Structured filters (sidebar clicks) combined with the free-text query from the search box. */
export type NoteFilter = {
  /** a topic id, 'inbox' for notes without topic, or undefined for all */
  topicId?: string | undefined;
  /** every tag must match; a parent tag matches its children */
  tags?: string[] | undefined;
  /** search-box text (query language, see core/search/query.ts) */
  text?: string | undefined;
  /** show the trash instead of live notes */
  trash?: boolean | undefined;
};

/** A remark on a query: an unknown field, a tag no note carries — with a corrected query when one is likely. */
export type QueryHint = {
  message: string;
  /** the whole query with the suspected mistake corrected, when there is a likely correction */
  fix?: string;
};

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

export type Facets = {
  tags: { tag: string; count: number }[];
  topics: { topicId: string; count: number }[];
  partners: { partner: string; count: number }[];
  /** every level of the scheme in order, with its colour and how many results carry it */
  markings: { level: string; colour: string; count: number }[];
};

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

/** What an export covers: one note, a topic, everything, or the current search results. */
export type ExportScope =
  | { kind: 'note'; id: string }
  | { kind: 'topic'; id: string }
  | { kind: 'all' }
  /** the current search results: sidebar filter plus query */
  | { kind: 'query'; filter: NoteFilter };

export type ExportFormat = 'files' | 'brief' | 'zip';

export type ExportReport = {
  dir: string;
  files: number;
  notes: number;
  topics: number;
  /** attachment files written beside the notes (in _attachments/ folders) */
  attachments?: number;
  /** the first few files written, relative to dir */
  written?: string[];
  /** the partner the export was for (null: no partner filter) */
  partner: string | null;
  /** notes of the scope left out because they are not releasable to the partner */
  withheld: number;
  withheldByReason: { reason: string; count: number }[];
  /** the highest marking among what was written */
  highest: string | null;
};

/** One change to a note's properties: set a key to a typed value, remove it, or rename it. */
export type PropertyChange =
  | { op: 'set'; key: string; value: PropertyValue }
  | { op: 'remove'; key: string }
  | { op: 'rename'; key: string; to: string };
