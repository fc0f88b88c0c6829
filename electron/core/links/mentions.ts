import type { Note } from '../../domain/model.js';
import { displayTitle } from '../notes/notes.js';
import { foldWords } from '../search/tokenize.js';
import { andInto } from '../search/indexed.js';
import type { TextIndex } from '../search/text-index.js';
import type { LinkIndex } from './link-index.js';
import { aliasesOf } from './names.js';
import { maskCode, sentenceAround } from './parse.js';
import { refOf } from './queries.js';
import type { Mention } from './types.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex finding a name as whole words, case ignored, any run of spaces between its words. */
export function namePattern(name: string): RegExp {
  const body = name.trim().split(/\s+/).map(escape).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'giu');
}

/** The body with code and every link blanked (offsets kept): a mention is plain text naming the note. */
function plainText(index: LinkIndex, note: Note): string {
  let text = maskCode(note.body);
  for (const l of index.linksOf(note.id))
    text = text.slice(0, l.offset) + ' '.repeat(l.length) + text.slice(l.offset + l.length);
  return text;
}

/**
 * Notes that name note `id` (its title or an alias, as whole words, case ignored) in plain text — not in a
 * link, not in code. Candidates come from the text index when it is ready (the name's words as a phrase),
 * else from a scan of every note.
 */
export function mentionsOf(index: LinkIndex, text: TextIndex | null, id: string, limit: number): Mention[] {
  const note = index.note(id);
  if (!note) return [];
  const names = [displayTitle(note), ...aliasesOf(note)].filter((n) => foldWords(n).join('').length >= 3);
  const out: Mention[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const candidates: Note[] = [];
    const words = foldWords(name);
    if (text?.ready) {
      const set = text.prefixSet(words[0]!);
      for (const w of words.slice(1)) andInto(set, text.prefixSet(w));
      text.keepPhrase(set, words);
      for (let doc = 0; doc < set.length; doc++) {
        const n = set[doc] ? text.noteAt(doc) : undefined;
        const live = n ? index.note(n.id) : undefined;
        if (live) candidates.push(live);
      }
    } else for (const other of index.ids()) candidates.push(index.note(other)!);
    const pattern = namePattern(name);
    for (const source of candidates) {
      if (source.id === id) continue;
      const plain = plainText(index, source);
      for (const m of plain.matchAll(pattern)) {
        const key = `${source.id}:${m.index}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          note: refOf(source),
          offset: m.index,
          length: m[0].length,
          text: source.body.slice(m.index, m.index + m[0].length),
          context: sentenceAround(source.body, m.index, m[0].length),
        });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}
