import type { ReactNode } from 'react';

function foldChar(c: string): string {
  return c
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Which characters of `text` (as code points) fall inside a case- and accent-insensitive match of a folded term. */
export function markedChars(text: string, terms: readonly string[]): { chars: string[]; marked: boolean[] } {
  // Fold per character so indices map back onto the original text.
  const chars = [...text];
  const folded = chars.map(foldChar);
  const flat = folded.join('');
  const starts: number[] = [];
  let pos = 0;
  for (const f of folded) {
    starts.push(pos);
    pos += f.length;
  }
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const term of terms) {
    const words = term.split(' ').filter(Boolean);
    if (words.length === 0) continue;
    // A phrase's words may be separated by any non-word run ("export-licence check"), as the index reads them.
    const re = new RegExp(
      words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\p{L}\\p{N}]+'),
      'gu',
    );
    for (const m of flat.matchAll(re)) {
      const i = m.index;
      const end = i + m[0].length;
      for (let k = 0; k < chars.length; k++) if (starts[k]! >= i && starts[k]! < end) marked[k] = true;
    }
  }
  return { chars, marked };
}

/** Wraps occurrences of the (already folded) terms in <mark>, matching case- and accent-insensitively. */
export function highlight(text: string, terms: readonly string[] | undefined): ReactNode {
  if (!terms || terms.length === 0 || !text) return text;
  const { chars, marked } = markedChars(text, terms);
  const out: ReactNode[] = [];
  let buf = '';
  let inMark = false;
  chars.forEach((c, k) => {
    if (marked[k] !== inMark) {
      if (buf) out.push(inMark ? <mark key={k}>{buf}</mark> : buf);
      buf = '';
      inMark = marked[k]!;
    }
    buf += c;
  });
  if (buf) out.push(inMark ? <mark key="end">{buf}</mark> : buf);
  return out;
}

/** Marks the terms inside the text nodes of an element already rendered from sanitised HTML. */
export function highlightDom(root: HTMLElement, terms: readonly string[]): void {
  if (terms.length === 0) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  for (const node of nodes) {
    const text = node.data;
    const { chars, marked } = markedChars(text, terms);
    if (!marked.includes(true)) continue;
    const frag = document.createDocumentFragment();
    let buf = '';
    let inMark = false;
    const flush = () => {
      if (!buf) return;
      if (inMark) {
        const m = document.createElement('mark');
        m.textContent = buf;
        frag.appendChild(m);
      } else frag.appendChild(document.createTextNode(buf));
      buf = '';
    };
    chars.forEach((c, k) => {
      if (marked[k] !== inMark) {
        flush();
        inMark = marked[k]!;
      }
      buf += c;
    });
    flush();
    node.replaceWith(frag);
  }
}
