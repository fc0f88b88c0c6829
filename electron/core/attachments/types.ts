import type { Attachment } from '../../domain/model.js';

/** An attachment as a note shows it: the record, the name this note gives it, and whether its file is there. */
export type AttachmentView = Attachment & {
  /** the name in this note's reference (a rename changes it), else the original name */
  shownName: string;
  /** the reference points at no record or the file is gone (e.g. an import whose file was missing) */
  missing: boolean;
};

/** What attaching returns: the record and the markdown to insert into the note. */
export type Attached = {
  attachment: Attachment;
  markdown: string;
  /** false: the same content was already stored */
  created: boolean;
};

/** What the search knows of an attachment's text. */
export type ExtractedText = {
  status: 'pending' | 'done' | 'none' | 'failed';
  /** PDF page count (null for other files or before extraction) */
  pages: number | null;
  chars: number;
  /** the first characters, for a preview */
  preview: string;
};
