import type { MergeReport } from '../../domain/views.js';
import { merge } from 'node-diff3';
import type { Note } from '../../domain/model.js';
import type { NotePatch } from './notes.js';

/** Which fields a stale save had to merge with a change made elsewhere, and whether any of them clashed. */
export type { MergeReport };

export const CONFLICT_LABELS = { a: 'yours', b: 'changed elsewhere' } as const;

/**
 * Three-way merge of a text (line based, node-diff3): changes on one side apply cleanly; where both
 * sides changed the same lines, both are kept between conflict markers, so nothing is overwritten.
 */
export function mergeText(base: string, mine: string, theirs: string): { text: string; conflict: boolean } {
  if (mine === theirs || theirs === base) return { text: mine, conflict: false };
  if (mine === base) return { text: theirs, conflict: false };
  const r = merge(mine.split('\n'), base.split('\n'), theirs.split('\n'), { label: CONFLICT_LABELS });
  return { text: r.result.join('\n'), conflict: r.conflict };
}

/** Tags as sets: what this side added or removed since the base applies to the other side's tags. */
export function mergeTags(
  base: readonly string[],
  mine: readonly string[],
  theirs: readonly string[],
): string[] {
  const b = new Set(base);
  const m = new Set(mine);
  const out = new Set(theirs);
  for (const t of mine) if (!b.has(t)) out.add(t);
  for (const t of base) if (!m.has(t)) out.delete(t);
  return [...out].sort();
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Rebases a save that was based on an older version of the note onto the current one, field by field.
 * `base` undefined means the base version is no longer known: then a differing body is kept as a conflict
 * (both texts), and the other fields take the save's value as before.
 */
export function rebasePatch(
  patch: NotePatch,
  base: Note | undefined,
  current: Note,
): { patch: NotePatch; report: MergeReport } {
  const out: NotePatch = { id: patch.id };
  const report: MergeReport = { fields: [], conflict: false };
  if (patch.body !== undefined) {
    if (base) {
      const r = mergeText(base.body, patch.body, current.body);
      out.body = r.text;
      if (patch.body !== base.body && current.body !== base.body && patch.body !== current.body)
        report.fields.push('body');
      report.conflict ||= r.conflict;
    } else if (patch.body !== current.body) {
      const r = mergeText('', patch.body, current.body);
      out.body = r.text;
      report.fields.push('body');
      report.conflict ||= r.conflict;
    }
  }
  if (patch.title !== undefined) {
    const mineChanged = !base || patch.title !== base.title;
    const theirsChanged = !base || current.title !== base.title;
    if (!mineChanged) out.title = current.title;
    else {
      out.title = patch.title;
      if (theirsChanged && patch.title.trim() !== current.title) {
        report.fields.push('title');
        report.conflict = true;
        // Keep the other title visible rather than dropping it.
        const body = out.body ?? current.body;
        const note = `<<<<<<< title changed elsewhere\n${current.title}\n>>>>>>>`;
        if (!body.includes(note)) out.body = `${note}\n${body}`;
      }
    }
  }
  if (patch.tags !== undefined) {
    out.tags = base ? mergeTags(base.tags, patch.tags, current.tags) : patch.tags;
    if (base && !sameList(patch.tags, base.tags) && !sameList(current.tags, base.tags))
      report.fields.push('tags');
  }
  if (patch.topicId !== undefined) {
    out.topicId = base && patch.topicId === base.topicId ? current.topicId : patch.topicId;
  }
  if (patch.pinned !== undefined) {
    out.pinned = base && patch.pinned === base.pinned ? current.pinned : patch.pinned;
  }
  return { patch: out, report };
}
