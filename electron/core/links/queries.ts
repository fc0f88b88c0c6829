import type { Note, StoreData } from '../../domain/model.js';
import { displayTitle } from '../notes/notes.js';
import { fold } from '../search/fold.js';
import { foldWords } from '../search/tokenize.js';
import type { LinkIndex } from './link-index.js';
import { aliasesOf } from './names.js';
import { parseBlocks, parseHeadings, sentenceAround } from './parse.js';
import type {
  Backlink,
  DeleteImpact,
  LinkCompletion,
  LinkNoteRef,
  NoteAnchors,
  OutgoingLink,
} from './types.js';

/** The reference link results carry for a note. */
export function refOf(note: Note): LinkNoteRef {
  return { id: note.id, title: displayTitle(note), topicId: note.topicId };
}

/** Notes linking to `id`, each with its links and the sentence around each, most recently edited first. */
export function backlinksOf(index: LinkIndex, id: string): Backlink[] {
  const byNote = new Map<string, Backlink>();
  for (const { sourceId, link } of index.inboundLinks(id)) {
    const source = index.note(sourceId)!;
    let entry = byNote.get(sourceId);
    if (!entry) byNote.set(sourceId, (entry = { note: refOf(source), items: [] }));
    entry.items.push({
      offset: link.offset,
      length: link.length,
      context: sentenceAround(source.body, link.offset, link.length),
      heading: link.heading,
      block: link.block,
      embed: link.embed,
    });
  }
  const updated = (b: Backlink) => index.note(b.note.id)!.updatedAt;
  return [...byNote.values()].sort((a, b) =>
    updated(a) < updated(b) ? 1 : updated(a) > updated(b) ? -1 : 0,
  );
}

/** Headings and block ids of a note. */
export function anchorsOf(note: Note): NoteAnchors {
  return { headings: parseHeadings(note.body), blocks: parseBlocks(note.body) };
}

const headingKey = (s: string) => fold(s).replace(/\s+/g, ' ').trim();

/** The links of a note with where each goes. */
export function outgoingOf(index: LinkIndex, note: Note): OutgoingLink[] {
  return index.linksOf(note.id).map((link) => {
    const r = index.resolve(link, note);
    const target = r.status === 'resolved' ? index.note(r.noteId) : undefined;
    let anchorFound: boolean | null = null;
    if (target && (link.heading || link.block)) {
      const a = anchorsOf(target);
      anchorFound = link.block
        ? a.blocks.some((b) => b.id === link.block)
        : a.headings.some((h) => headingKey(h.text) === headingKey(link.heading!.split('#').pop()!));
    }
    return {
      ...link,
      status: r.status,
      noteId: r.status === 'resolved' ? r.noteId : null,
      candidates: r.status === 'ambiguous' ? r.candidates.map((c) => refOf(index.note(c)!)) : [],
      anchorFound,
    };
  });
}

/** How many links in other notes would stop resolving if `id` were deleted, and in which notes. */
export function deleteImpactOf(index: LinkIndex, id: string): DeleteImpact {
  const inbound = index.inboundLinks(id);
  const notes = new Map<string, LinkNoteRef>();
  for (const { sourceId } of inbound)
    if (!notes.has(sourceId)) notes.set(sourceId, refOf(index.note(sourceId)!));
  return { links: inbound.length, notes: [...notes.values()] };
}

/**
 * Notes offered while typing `[[query`: ranked like search — every query word must start a word of the
 * title (or of an alias); titles starting with the query first, then more title words matched, then the
 * linking note's topic, then the most recently edited. A title that several notes share gets a folder path.
 */
export function completeLinks(
  index: LinkIndex,
  data: StoreData,
  query: string,
  fromId: string | null,
  limit: number,
): LinkCompletion[] {
  const words = foldWords(query);
  const whole = fold(query).trim();
  const from = fromId ? index.note(fromId) : undefined;
  type Hit = { note: Note; alias: string | null; score: number };
  const hits: Hit[] = [];
  const matches = (text: string) => {
    const tw = foldWords(text);
    if (!words.every((w) => tw.some((t) => t.startsWith(w)))) return -1;
    return (fold(text).startsWith(whole) ? 4 : 0) + (words.length === tw.length ? 1 : 0);
  };
  for (const id of index.ids()) {
    if (id === fromId) continue;
    const note = index.note(id)!;
    let score = matches(displayTitle(note));
    let alias: string | null = null;
    if (score < 0)
      for (const a of aliasesOf(note)) {
        const s = matches(a);
        if (s >= 0) {
          score = s - 1;
          alias = a;
          break;
        }
      }
    if (score < 0) continue;
    if (from && note.topicId === from.topicId) score += 2;
    hits.push({ note, alias, score: score + 2 });
  }
  hits.sort(
    (a, b) =>
      b.score - a.score ||
      (a.note.updatedAt < b.note.updatedAt ? 1 : a.note.updatedAt > b.note.updatedAt ? -1 : 0),
  );
  return hits.slice(0, limit).map(({ note, alias }) => {
    const title = displayTitle(note);
    const r = index.resolve({ target: title, isFile: false }, from ?? null);
    let insert = title;
    if (!(r.status === 'resolved' && r.noteId === note.id)) {
      const topic = note.topicId ? data.topics[note.topicId]?.name : undefined;
      insert = [topic, note.folder, title].filter(Boolean).join('/');
    }
    return { ...refOf(note), alias, insert };
  });
}
