import type { Note, StoreData } from '../../domain/model.js';
import type { ParsedLink } from './parse.js';
import { linkKey, type NameTable } from './names.js';

/**
 * Where a link goes. `ambiguous`: several notes have that title (and none is in the linking note's
 * topic alone); the UI offers the candidates. `file`: an attachment (`![[photo.png]]`), not a note.
 */
export type Resolution =
  | { status: 'resolved'; noteId: string }
  | { status: 'ambiguous'; candidates: string[] }
  | { status: 'unresolved' }
  | { status: 'file' };

/** The folder path a note lives in as export writes it: topic name, then its folder (lowercase keys). */
function locationOf(note: Note, data: Pick<StoreData, 'topics'>): string {
  const topic = note.topicId ? (data.topics[note.topicId]?.name ?? '') : '';
  return linkKey([topic, note.folder ?? ''].filter(Boolean).join('/'));
}

/**
 * Resolves a link written in `source` (null: typed in a search, no topic preference). Titles match
 * before aliases before export file names; among several, a path in the link (`[[Bases/Layouts]]`) picks
 * the one in that folder, then the source's topic wins; otherwise the link is ambiguous.
 */
export function resolveLink(
  link: Pick<ParsedLink, 'target' | 'isFile'>,
  source: Pick<Note, 'id' | 'topicId'> | null,
  names: Pick<NameTable, 'lookup'>,
  noteOf: (id: string) => Note | undefined,
  data: Pick<StoreData, 'topics'>,
): Resolution {
  if (link.isFile) return { status: 'file' };
  if (!link.target) return source ? { status: 'resolved', noteId: source.id } : { status: 'unresolved' };
  let candidates = names.lookup(linkKey(link.target));
  if (candidates.length === 0 && link.target.includes('/')) {
    candidates = names.lookup(linkKey(link.target.split('/').pop()!));
    const folder = linkKey(link.target.split('/').slice(0, -1).join('/'));
    const inFolder = candidates.filter((id) => {
      const loc = locationOf(noteOf(id)!, data);
      return loc === folder || loc.endsWith('/' + folder);
    });
    if (inFolder.length) candidates = inFolder;
  }
  if (candidates.length === 0) return { status: 'unresolved' };
  if (candidates.length > 1 && source) {
    const same = candidates.filter((id) => noteOf(id)?.topicId === source.topicId);
    if (same.length) candidates = same;
  }
  return candidates.length === 1
    ? { status: 'resolved', noteId: candidates[0]! }
    : { status: 'ambiguous', candidates };
}
