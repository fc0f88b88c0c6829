import type { Extension } from '@codemirror/state';
import { baseEditing } from './base-editing';
import { editorTheme } from './editor-theme';
import { fileDrop, type AttachFiles } from './file-drop';
import { formatCommands } from './format-commands';
import { listIndent } from './list-indent';
import { markdownLanguageSupport } from './markdown-language';
import { noteSearch } from './note-search';
import { tagCompletion } from './tag-completion';
import { uploadPlaceholders } from './upload-placeholders';
import { linkCompletion, type LinkLookup } from './link-completion';

/** What the note editor's extensions may read from the app; getters, so they see fresh data without a reconfigure. */
export type NoteEditorContext = {
  tags: () => readonly { tag: string; count: number }[];
  /** attaches pasted or dropped files (null while attaching is not possible) */
  attachFiles: () => AttachFiles | null;
  /** `[[` completion: ranked notes and a note's headings (omitted: no link completion) */
  links?: LinkLookup | undefined;
};

/**
 * Every extension of the note body editor, one per line: a new one (say a `[[link` completion) is one
 * import and one line here. Completion sources register through language data, so they combine.
 */
export function noteEditorExtensions(ctx: NoteEditorContext): Extension[] {
  return [
    baseEditing({ label: 'Note body (markdown)', placeholder: 'Write in markdown…' }),
    editorTheme,
    markdownLanguageSupport(),
    listIndent(),
    formatCommands(),
    noteSearch(),
    tagCompletion(ctx.tags),
    fileDrop(ctx.attachFiles),
    uploadPlaceholders(),
    ...(ctx.links ? [linkCompletion(ctx.links)] : []),
  ];
}
