// Plain result types shared with the renderer; kept free of Node imports so the web side can compile them.

/** A backup file beside the store. */
export type BackupInfo = { name: string; path: string; createdAt: string; bytes: number };

/** A prior version of a note's title, body and tags. */
export type Revision = {
  rev: number;
  savedAt: string;
  title: string;
  body: string;
  tags: string[];
  /** the note's own marking and releasability then (absent: inherited) */
  marking?: string;
  releasableTo?: string[];
};

/**
 * A note's history file that failed its integrity check (changed, cut short, not from this notebook): kept
 * as found, and the history started again. `file` is its "/" path in the data folder, `at` when it was moved.
 */
export type KeptHistory = { file: string; at: string };

/** What the history view shows: the revisions, and any earlier history that was set aside. */
export type RevisionList = { items: Revision[]; setAside: KeptHistory[] };

/** One piece of a line diff. */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** A file an import leaves out, with the reason. */
export type Skipped = { path: string; reason: string };

/** What an import did with one file: its outcome, and what was converted, kept as text or dropped. */
export type ImportFileReport = {
  path: string;
  outcome: 'added' | 'unchanged' | 'duplicate' | 'skipped';
  /** read into Dossier's own fields: properties, tags, folder, links */
  converted: string[];
  /** left in the body or a value exactly as written (callouts, embeds, math, a `.nan` value…) */
  keptAsText: string[];
  /** not kept, with the reason (a tag Dossier cannot hold, a property name it cannot store) */
  dropped: string[];
};

/** What an import will do (preview) or did (run). */
export type ImportReport = {
  source: string;
  /** notes that will be / were added */
  added: number;
  /** topics that will be / were created, by name */
  newTopics: string[];
  /** notes already in Dossier exactly as in the file (a re-import of our own export) */
  unchanged: number;
  /** files that are not read, with the reason */
  skipped: Skipped[];
  /** notes left out because the same note is already there or earlier in this import */
  duplicates: { path: string; reason: string }[];
  /** files read with a remark (e.g. a tag that could not be used) */
  warnings: { path: string; message: string }[];
  /** other files in the source (attachments, images…) that are not notes */
  ignored: number;
  /** files notes reference that come along as attachments (missing ones are in warnings) */
  attachments?: number;
  /** every markdown file of the source, in source order, with what happened to it */
  files: ImportFileReport[];
};
