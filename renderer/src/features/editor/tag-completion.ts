import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { markdownLanguage } from '@codemirror/lang-markdown';
import type { Extension } from '@codemirror/state';

/** A `#tag` being typed: after a line start or a space, as the importer reads inline tags. */
const TAG_BEFORE = /(?:^|\s)#[\p{L}\p{N}_/-]*$/u;

/**
 * Completes `#` with the tags the notebook already uses (most used first). `getTags` is read on each
 * request, so the list follows tags.list without reconfiguring the editor.
 */
export function tagCompletion(getTags: () => readonly { tag: string; count: number }[]): Extension {
  return markdownLanguage.data.of({ autocomplete: tagSource(getTags) });
}

/** The completion source behind tagCompletion. */
export function tagSource(getTags: () => readonly { tag: string; count: number }[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    const m = TAG_BEFORE.exec(before);
    if (!m) return null;
    // The match may start with the space before `#`; the completion replaces from `#` on.
    const from = ctx.pos - m[0].length + m[0].indexOf('#');
    const tags = [...getTags()].sort((a, b) => b.count - a.count);
    if (!tags.length) return null;
    return {
      from,
      options: tags.map((t) => ({
        label: `#${t.tag}`,
        detail: `${t.count} note${t.count === 1 ? '' : 's'}`,
        type: 'keyword',
        boost: Math.min(t.count, 99) / 100,
      })),
      validFor: /^#[\p{L}\p{N}_/-]*$/u,
    };
  };
}
