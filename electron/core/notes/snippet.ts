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

/** A short excerpt of the body, centred on the first matching term when there is one. */
export function makeSnippet(body: string, terms: readonly string[] = []): string {
  const text = plainText(body.length > 20_000 ? body.slice(0, 20_000) : body);
  if (text.length <= SNIPPET_LENGTH) return text;
  const folded = fold(text);
  let at = -1;
  for (const t of terms) {
    const i = folded.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  // fold() can change lengths for a few scripts; clamp so the slice stays inside the text.
  const start = at < 40 ? 0 : Math.min(at - 40, text.length - SNIPPET_LENGTH);
  const slice = text.slice(start, start + SNIPPET_LENGTH);
  return (start > 0 ? '…' : '') + slice + (start + SNIPPET_LENGTH < text.length ? '…' : '');
}
