import type { Note, StoreData } from '../../domain/model.js';
import { DerivedView } from '../notes/derived-view.js';
import { tagAncestors } from './normalize.js';
import { buildTagTree, type TagNode } from './tree.js';

/** Per tag: live notes carrying it (own) and carrying it or a tag below it (total), as countTags gives. */
export type TagCounts = Map<string, { own: number; total: number }>;

/** One live note's share of the counts (a note tagged a/b and a/c counts once for a). */
function addNote(counts: TagCounts, note: Note, by: 1 | -1): void {
  if (note.deletedAt) return;
  const seen = new Set<string>();
  for (const tag of note.tags) {
    change(counts, tag, by, 0);
    for (const ancestor of tagAncestors(tag)) seen.add(ancestor);
  }
  for (const ancestor of seen) change(counts, ancestor, 0, by);
}

function change(counts: TagCounts, tag: string, own: number, total: number): void {
  const c = counts.get(tag) ?? { own: 0, total: 0 };
  c.own += own;
  c.total += total;
  if (c.own === 0 && c.total === 0) counts.delete(tag);
  else counts.set(tag, c);
}

/** tags.list's counts over live notes, moved on from save to save instead of counted over every note. */
export const tagCountsView = new DerivedView<TagCounts>({ empty: () => new Map(), add: addNote });

/** The tag counts of a state (read them before the next change: the view moves on in place). */
export function tagCounts(data: StoreData): TagCounts {
  return tagCountsView.get(data.notes);
}

/** tags.list: the tag tree, every tag in use by count, and the case each was written in. */
export function tagList(data: StoreData): {
  tree: TagNode[];
  all: { tag: string; count: number }[];
  labels: Record<string, string>;
} {
  const counts = tagCounts(data);
  const all = [...counts.entries()].filter(([, c]) => c.own > 0).map(([tag, c]) => ({ tag, count: c.own }));
  return {
    tree: buildTagTree(counts),
    all: all.sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
    labels: { ...(data.settings.tagLabels ?? {}) },
  };
}
