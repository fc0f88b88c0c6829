import type { Note, StoreData } from '../../domain/model.js';
import { DossierError } from '../../domain/errors.js';
import { displayTitle } from '../notes/notes.js';
import { safeStem } from '../export/file-names.js';
import type { LinkIndex } from './link-index.js';
import { aliasesOf, linkKey, targetKeys } from './names.js';
import type { ParsedLink } from './parse.js';
import { resolveLink } from './resolve.js';
import { withNoteMap } from '../../domain/note-access.js';

/** One replaced stretch of a body. */
export type TextEdit = { offset: number; length: number; text: string };

/** Applies edits (non-overlapping) from the end, so earlier offsets stay valid. */
export function applyEdits(body: string, edits: readonly TextEdit[]): string {
  let out = body;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset))
    out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  return out;
}

function encodeFileName(stem: string): string {
  return encodeURI(stem).replace(/[#?()]/g, (c) =>
    encodeURIComponent(c).replace('(', '%28').replace(')', '%29'),
  );
}

/** The text of a link pointing at `newTarget` (its last path segment), keeping anchor, label and embed. */
export function relinkText(link: ParsedLink, newTitle: string): string {
  const path = link.target.includes('/') ? link.target.split('/').slice(0, -1).join('/') + '/' : '';
  const anchor = link.block ? `#^${link.block}` : link.heading ? `#${link.heading}` : '';
  if (link.kind === 'wiki') {
    const label = link.label ? `|${link.label}` : '';
    return `${link.embed ? '!' : ''}[[${path}${newTitle}${anchor}${label}]]`;
  }
  const href = `${path.split('/').map(encodeFileName).join('/')}${encodeFileName(safeStem(newTitle))}.md${anchor ? encodeFileName(anchor).replace(/^%23/, '#') : ''}`;
  return `${link.embed ? '!' : ''}[${link.label ?? ''}](${href})`;
}

/**
 * Links in other notes that pointed at note `id` while its title was `fromTitle` and that do not reach it
 * now (after a rename): each with the text that points them at the current title.
 */
export function retargetEdits(
  index: LinkIndex,
  data: StoreData,
  id: string,
  fromTitle: string,
): Map<string, TextEdit[]> {
  const note = index.note(id);
  const out = new Map<string, TextEdit[]>();
  const fromKey = linkKey(fromTitle);
  if (!note || !fromKey || fromKey === linkKey(displayTitle(note))) return out;
  // The names as they were: the old title named this note (besides any other note that has it).
  const oldLookup = (key: string) => {
    const now = index.names.lookup(key);
    if (key !== fromKey) return now;
    const titled = now.filter((n) => linkKey(displayTitle(index.note(n)!)) === fromKey);
    return [...new Set([...titled, id])].sort();
  };
  const title = displayTitle(note);
  for (const sourceId of index.ids()) {
    if (sourceId === id) continue;
    const source = index.note(sourceId)!;
    for (const link of index.linksOf(sourceId)) {
      if (link.isFile || !link.target || !targetKeys(link.target).includes(fromKey)) continue;
      const was = resolveLink(link, source, { lookup: oldLookup }, (n) => index.note(n), data);
      if (was.status !== 'resolved' || was.noteId !== id) continue;
      const is = index.resolve(link, source);
      if (is.status === 'resolved' && is.noteId === id) continue; // still reaches it (e.g. an alias)
      const list = out.get(sourceId) ?? [];
      list.push({ offset: link.offset, length: link.length, text: relinkText(link, title) });
      out.set(sourceId, list);
    }
  }
  return out;
}

/** The notes after applying per-note edits (bodies only; updatedAt moves). */
export function withEdits(data: StoreData, edits: Map<string, TextEdit[]>, now: string): StoreData {
  if (edits.size === 0) return data;
  const notes = data.notes.edit();
  for (const [id, list] of edits) {
    const n = notes.get(id)!;
    notes.set(id, { ...n, body: applyEdits(n.body, list), updatedAt: now });
  }
  return withNoteMap(data, notes.done());
}

/**
 * The edit that turns a plain mention (`offset`, `length` in `source`) into a link to `target`:
 * `[[Title]]` when the text is the title as written, else `[[Title|text]]`. The text there must still
 * name the target (title or alias), else CONFLICT: the note changed since the mention was listed.
 */
export function linkItEdit(
  index: LinkIndex,
  data: StoreData,
  source: Note,
  target: Note,
  offset: number,
  length: number,
): TextEdit {
  const text = source.body.slice(offset, offset + length);
  const names = [displayTitle(target), ...aliasesOf(target)].map(linkKey);
  if (offset + length > source.body.length || !names.includes(linkKey(text)))
    throw new DossierError('CONFLICT', 'That mention is no longer there; the note changed since.');
  const title = displayTitle(target);
  const r = index.resolve({ target: title, isFile: false }, source);
  let name = title;
  if (!(r.status === 'resolved' && r.noteId === target.id)) {
    const topic = target.topicId ? data.topics[target.topicId]?.name : undefined;
    name = [topic, target.folder, title].filter(Boolean).join('/');
  }
  return { offset, length, text: text === title && name === title ? `[[${title}]]` : `[[${name}|${text}]]` };
}
