import { fold } from '../search/fold.js';

const SNIPPET_LENGTH = 180;

/** Markdown body reduced to plain text for list previews. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A short excerpt of the body, centred on the first matching term when there is one. Runs for every
 * row of every list page, so it only cleans a window of the body around the match, not the whole note.
 */
export function makeSnippet(body: string, terms: readonly string[] = []): string {
  const source = body.length > 20_000 ? body.slice(0, 20_000) : body;
  let rawAt = -1;
  if (terms.length > 0) {
    const lower = source.toLowerCase();
    for (const t of terms) {
      const i = lower.indexOf(t);
      if (i >= 0 && (rawAt < 0 || i < rawAt)) rawAt = i;
    }
  }
  const from = rawAt < 200 ? 0 : rawAt - 120;
  const window = source.slice(from, from + 480);
  const text = plainText(window);
  const clipped = from > 0 || window.length < source.length;
  if (text.length <= SNIPPET_LENGTH && !clipped) return text;
  let at = -1;
  if (terms.length > 0) {
    const folded = /[^\x00-\x7f]/.test(text) ? fold(text) : text.toLowerCase();
    for (const t of terms) {
      const i = folded.indexOf(t);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
  }
  // fold() can change lengths for a few scripts; clamp so the slice stays inside the text.
  const start = at < 40 ? 0 : Math.max(0, Math.min(at - 40, text.length - SNIPPET_LENGTH));
  const slice = text.slice(start, start + SNIPPET_LENGTH);
  return (
    (start > 0 || from > 0 ? '…' : '') +
    slice +
    (start + SNIPPET_LENGTH < text.length || from + window.length < source.length ? '…' : '')
  );
}
