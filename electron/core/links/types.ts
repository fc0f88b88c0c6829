// Plain result types of the link calls (contract.ts re-exports them); no Node imports, the renderer compiles them.
import type { BlockRef, Heading, ParsedLink } from './parse.js';

export type { BlockRef, Heading, ParsedLink };

/** A note as link results name it. */
export type LinkNoteRef = { id: string; title: string; topicId: string | null };

/** One link from another note to the open note, with the sentence around it. */
export type BacklinkItem = {
  /** where the link stands in the linking note's body */
  offset: number;
  length: number;
  /** the sentence (or line) around the link, for the backlinks panel */
  context: string;
  heading: string | null;
  block: string | null;
  embed: boolean;
};

/** Every link one note has to the open note. */
export type Backlink = { note: LinkNoteRef; items: BacklinkItem[] };

/** A link of the open note and where it goes. */
export type OutgoingLink = ParsedLink & {
  status: 'resolved' | 'ambiguous' | 'unresolved' | 'file';
  /** the note it opens (resolved), else null */
  noteId: string | null;
  /** notes it could mean (ambiguous): the UI offers a choice */
  candidates: LinkNoteRef[];
  /** for `#Heading` / `#^block` links to a resolved note: whether that heading or block exists there */
  anchorFound: boolean | null;
};

/** Headings and block ids of a note, for `[[Title#` completion and heading links. */
export type NoteAnchors = { headings: Heading[]; blocks: BlockRef[] };

/** A note offered while typing `[[…`. */
export type LinkCompletion = LinkNoteRef & {
  /** the alias that matched (insert the title, show the alias), or null when the title matched */
  alias: string | null;
  /** the text to write between `[[` and `]]` (a title that repeats elsewhere gets its folder path) */
  insert: string;
};

/** A note naming the open note's title (or an alias) without linking to it. */
export type Mention = {
  note: LinkNoteRef;
  offset: number;
  length: number;
  /** the words as written there */
  text: string;
  context: string;
};

/** What renaming a note would do to the links pointing at its old title. */
export type RetargetImpact = { links: number; notes: number };

/** What deleting a note would break. */
export type DeleteImpact = { links: number; notes: LinkNoteRef[] };

/** The templates (notes in the Templates topic) and each topic's default template. */
export type TemplateList = {
  /** id of the Templates topic, null until there is one */
  topicId: string | null;
  templates: LinkNoteRef[];
  /** topic id → template note id */
  defaults: Record<string, string>;
};
