import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { markdownLanguage } from '@codemirror/lang-markdown';
import type { Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { LinkCompletion } from '../../../../electron/contract/index';

/** Where `[[…` completion gets its data: the core's ranked titles/aliases, and a note's headings. */
export type LinkLookup = {
  notes: (query: string) => Promise<readonly LinkCompletion[]>;
  /** headings of the note a target names (empty when it names none) */
  headings: (target: string) => Promise<readonly string[]>;
};

/** `[[query` or `[[Title#partial` before the caret, on one line, not closed yet. */
const OPEN_LINK = /!?\[\[([^[\]|#\n]*)(?:#([^[\]|\n]*))?$/;

/** Writes the choice and closes the link, reusing a `]]` that is already there. */
function closeWith(text: string) {
  return (view: EditorView, _c: Completion, from: number, to: number) => {
    const after = view.state.sliceDoc(to, to + 2);
    const insert = after === ']]' ? text : `${text}]]`;
    view.dispatch({
      changes: { from, to, insert },
      selection: { anchor: from + text.length + 2 },
      userEvent: 'input.complete',
    });
  };
}

/** The completion source behind linkCompletion. */
export function linkSource(lookup: LinkLookup) {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    const m = OPEN_LINK.exec(before);
    if (!m) return null;
    const query = m[1]!;
    if (m[2] !== undefined) {
      const partial = m[2];
      const headings = await lookup.headings(query.trim());
      if (!headings.length) return null;
      return {
        from: ctx.pos - partial.length,
        options: headings.map((h) => ({ label: h, type: 'property', apply: closeWith(h) })),
        validFor: /^[^[\]|#\n]*$/,
      };
    }
    const found = await lookup.notes(query);
    if (ctx.aborted || !found.length) return null;
    return {
      from: ctx.pos - query.length,
      // The core ranks like search (prefix, words, recency); CodeMirror must not re-filter or re-sort.
      filter: false,
      options: found.map((c, i) => ({
        label: c.alias ?? c.title,
        detail: c.alias ? `→ ${c.title}` : c.insert !== c.title ? c.insert : undefined,
        type: 'text',
        boost: found.length - i,
        apply: closeWith(c.insert),
      })),
    };
  };
}

/**
 * Completes `[[` with note titles and aliases as you type, and `[[Title#` with that note's headings.
 * Registered through language data, so it combines with the #tag completion.
 */
export function linkCompletion(lookup: LinkLookup): Extension {
  return markdownLanguage.data.of({ autocomplete: linkSource(lookup) });
}
