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

const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\x00-\x7f]/;

const patterns = new Map<string, RegExp>();
/** A folded term as a regex: a phrase's words may be separated by any run of non-word characters. */
function pattern(term: string): RegExp | null {
  let re = patterns.get(term);
  if (!re) {
    const words = term.split(' ').filter(Boolean);
    if (words.length === 0) return null;
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(escaped.join('[^\\p{L}\\p{N}]+'), 'u');
    if (patterns.size > 500) patterns.clear(); // terms change with every query; keep the cache small
    patterns.set(term, re);
  }
  return re;
}

function earliest(text: string, terms: readonly string[]): number {
  let best = -1;
  for (const t of terms) {
    // A single word needs no regex (the common case, and several times faster).
    const i = t.includes(' ') ? (pattern(t)?.exec(text)?.index ?? -1) : t ? text.indexOf(t) : -1;
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

/** Index in `text` of the character that produced `at` in fold(text) (fold can change lengths). */
function unfoldIndex(text: string, at: number): number {
  let folded = 0;
  for (let i = 0; i < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    folded += ch.normalize('NFD').replace(MARKS, '').toLowerCase().length;
    if (folded > at) return i;
    i += ch.length;
  }
  return text.length;
}

/**
 * Where the first of the (folded) terms occurs in text, or -1. A phrase's words may be separated by any
 * run of non-word characters (a line break, a hyphen, markdown), as the index reads them. Lowercase text is
 * tried first; accents are folded only when that finds nothing in non-ASCII text, and the position is
 * mapped back only when folding changed the length (Hangul, decomposed input).
 */
function findFirst(text: string, terms: readonly string[]): number {
  if (terms.length === 0) return -1;
  const lower = text.toLowerCase();
  const direct = earliest(lower, terms);
  if (direct >= 0) return Math.min(direct, text.length);
  if (!NON_ASCII.test(text)) return -1;
  const folded = text.normalize('NFD').replace(MARKS, '').toLowerCase();
  const at = earliest(folded, terms);
  if (at < 0) return -1;
  return folded.length === text.length ? at : unfoldIndex(text, at);
}

/**
 * A short excerpt of the body, centred on the first matching term when there is one, so a matched word
 * or phrase is visible in the list. Runs for every row of every list page, so it only cleans a window of
 * the body around the match, not the whole note.
 */
export function makeSnippet(body: string, terms: readonly string[] = []): string {
  const source = body.length > 20_000 ? body.slice(0, 20_000) : body;
  const rawAt = findFirst(source, terms);
  const from = rawAt < 200 ? 0 : rawAt - 120;
  const window = source.slice(from, from + 480);
  const text = plainText(window);
  const clipped = from > 0 || window.length < source.length;
  if (text.length <= SNIPPET_LENGTH && !clipped) return text;
  const at = findFirst(text, terms);
  const start = at < 40 ? 0 : Math.max(0, Math.min(at - 40, text.length - SNIPPET_LENGTH));
  const slice = text.slice(start, start + SNIPPET_LENGTH);
  return (
    (start > 0 || from > 0 ? '…' : '') +
    slice +
    (start + SNIPPET_LENGTH < text.length || from + window.length < source.length ? '…' : '')
  );
}
