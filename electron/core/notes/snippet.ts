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

/** Text folded like the index folds it (case and accents), with each folded char's index in the original. */
function foldWithMap(text: string): { folded: string; at: (i: number) => number } {
  if (!/[^\x00-\x7f]/.test(text)) return { folded: text.toLowerCase(), at: (i) => i };
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const f = ch.normalize('NFD').replace(MARKS, '').toLowerCase();
    folded += f;
    for (let k = 0; k < f.length; k++) map.push(i);
    i += ch.length;
  }
  return { folded, at: (i) => map[i] ?? text.length };
}

/**
 * Where the first of the (folded) terms occurs in text, or -1. A phrase's words may be separated by any
 * run of non-word characters (a line break, a hyphen, markdown), as the index reads them.
 */
function findFirst(text: string, terms: readonly string[]): number {
  if (terms.length === 0) return -1;
  const { folded, at } = foldWithMap(text);
  let best = -1;
  for (const t of terms) {
    const words = t.split(' ').filter(Boolean);
    if (words.length === 0) continue;
    const re = new RegExp(
      words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\p{L}\\p{N}]+'),
      'u',
    );
    const m = re.exec(folded);
    if (m && (best < 0 || m.index < best)) best = m.index;
  }
  return best < 0 ? -1 : at(best);
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
