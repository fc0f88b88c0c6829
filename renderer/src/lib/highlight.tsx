import type { ReactNode } from 'react';

function foldChar(c: string): string {
  return c.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Wraps occurrences of the (already folded) terms in <mark>, matching case- and accent-insensitively. */
export function highlight(text: string, terms: readonly string[] | undefined): ReactNode {
  if (!terms || terms.length === 0 || !text) return text;
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
    if (!term) continue;
    let i = flat.indexOf(term);
    while (i >= 0) {
      for (let k = 0; k < chars.length; k++) if (starts[k]! >= i && starts[k]! < i + term.length) marked[k] = true;
      i = flat.indexOf(term, i + term.length);
    }
  }
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
