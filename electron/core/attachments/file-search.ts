import type { Attachment, Note, NoteMap, StoreData } from '../../domain/model.js';
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

type Usage = { notesOf: Map<string, Set<string>>; namesOf: Map<string, Set<string>> };
const usageCache = new WeakMap<NoteMap, Usage>();

/** Which notes use which attachment and the names they give it, once per state of the notes map. */
function usage(notes: NoteMap): Usage {
  let u = usageCache.get(notes);
  if (!u) {
    u = { notesOf: new Map(), namesOf: new Map() };
    for (const n of notes.values()) {
      for (const r of findRefs(n.body)) {
        let set = u.notesOf.get(r.id);
        if (!set) u.notesOf.set(r.id, (set = new Set()));
        set.add(n.id);
        let names = u.namesOf.get(r.id);
        if (!names) u.namesOf.set(r.id, (names = new Set()));
        names.add(r.name);
      }
    }
    usageCache.set(notes, u);
  }
  return u;
}

const hasWords = (text: string, words: readonly string[]) =>
  (' ' + foldWords(text).join(' ')).includes(' ' + words.join(' '));

/** A FileMatcher over the current state and the text extracted so far. */
export function fileMatcher(data: StoreData, text: TextExtractor): FileMatcher {
  // Every list call makes a matcher; only a query about files (with files to find) reads every body.
  const u = () => usage(data.notes);
  const notesFor = (atts: Iterable<Attachment>) => {
    const out = new Set<string>();
    for (const a of atts) for (const id of u().notesOf.get(a.id) ?? []) out.add(id);
    return out;
  };
  return {
    notesByName(value) {
      const words = foldWords(value);
      if (words.length === 0) return new Set();
      const hits = Object.values(data.attachments).filter(
        (a) => hasWords(a.name, words) || [...(u().namesOf.get(a.id) ?? [])].some((n) => hasWords(n, words)),
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
