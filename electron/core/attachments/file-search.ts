import type { Attachment, Note, StoreData } from '../../domain/model.js';
import { bump, DerivedView } from '../notes/derived-view.js';
import { foldWords } from '../search/tokenize.js';
import { findRefs } from './refs.js';
import type { TextExtractor } from './extract.js';

/**
 * What the query language asks about attachments: `file:report` (names) and words under `in:files`
 * (extracted text). Answers are note ids; the evaluators turn them into their own sets.
 */
export type FileMatcher = {
  /** notes referencing an attachment whose name has the words (each a word prefix, in a row) */
  notesByName(value: string): Set<string>;
  /** notes referencing an attachment whose text has the word or phrase (folded, the last word a prefix) */
  notesByText(term: string): Set<string>;
};

/** Per attachment: the notes referencing it, and the names they give it, each with how many notes do. */
type Usage = { notesOf: Map<string, Map<string, number>>; namesOf: Map<string, Map<string, number>> };

function count(map: Map<string, Map<string, number>>, att: string, key: string, by: 1 | -1): void {
  let inner = map.get(att);
  if (!inner) map.set(att, (inner = new Map()));
  bump(inner, key, by);
  if (inner.size === 0) map.delete(att);
}

/**
 * Which notes (trashed ones too) use which attachment and the names they give it, moved on from save to save
 * (a query about files after an edit read every body of the notebook again).
 */
export const attachmentUsageView = new DerivedView<Usage>({
  empty: () => ({ notesOf: new Map(), namesOf: new Map() }),
  add(u, n, by) {
    const ids = new Set<string>();
    const names = new Set<string>();
    for (const r of findRefs(n.body)) {
      ids.add(r.id);
      names.add(`${r.id}\n${r.name}`);
    }
    for (const id of ids) count(u.notesOf, id, n.id, by);
    for (const key of names) {
      const cut = key.indexOf('\n');
      count(u.namesOf, key.slice(0, cut), key.slice(cut + 1), by);
    }
  },
});

const hasWords = (text: string, words: readonly string[]) =>
  (' ' + foldWords(text).join(' ')).includes(' ' + words.join(' '));

/** A FileMatcher over the current state and the text extracted so far. */
export function fileMatcher(data: StoreData, text: TextExtractor): FileMatcher {
  // Every list call makes a matcher; only a query about files (with files to find) reads every body.
  const u = () => attachmentUsageView.get(data.notes);
  const notesFor = (atts: Iterable<Attachment>) => {
    const out = new Set<string>();
    for (const a of atts) for (const id of u().notesOf.get(a.id)?.keys() ?? []) out.add(id);
    return out;
  };
  return {
    notesByName(value) {
      const words = foldWords(value);
      if (words.length === 0) return new Set();
      const hits = Object.values(data.attachments).filter(
        (a) =>
          hasWords(a.name, words) ||
          [...(u().namesOf.get(a.id)?.keys() ?? [])].some((n) => hasWords(n, words)),
      );
      return notesFor(hits);
    },
    notesByText(term) {
      const hashes = text.matching(term);
      return notesFor(Object.values(data.attachments).filter((a) => hashes.has(a.hash)));
    },
  };
}

/** A snippet for a note found by `in:files`: the file and the passage that matched. */
export function fileSnippet(
  data: StoreData,
  note: Note,
  text: TextExtractor,
  terms: readonly string[],
): string | null {
  for (const r of findRefs(note.body)) {
    const att = data.attachments[r.id];
    if (!att) continue;
    const excerpt = text.snippet(att.hash, terms);
    if (excerpt) return `📎 ${r.name} — ${excerpt}`;
  }
  return null;
}
