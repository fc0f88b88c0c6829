import type { Note } from '../../domain/model.js';
import { tagAncestors } from './normalize.js';

/** A node of the nested tag tree: `count` is notes carrying this tag or any child. */
export type TagNode = { tag: string; name: string; count: number; ownCount: number; children: TagNode[] };

/** Counts tags over live notes: own uses and uses including descendants. */
export function countTags(notes: Iterable<Note>): Map<string, { own: number; total: number }> {
  const counts = new Map<string, { own: number; total: number }>();
  for (const note of notes) {
    const seen = new Set<string>();
    for (const tag of note.tags) {
      const own = counts.get(tag) ?? { own: 0, total: 0 };
      own.own += 1;
      counts.set(tag, own);
      for (const ancestor of tagAncestors(tag)) seen.add(ancestor);
    }
    // A note tagged a/b and a/c counts once for a.
    for (const ancestor of seen) {
      const c = counts.get(ancestor) ?? { own: 0, total: 0 };
      c.total += 1;
      counts.set(ancestor, c);
    }
  }
  return counts;
}

/** Builds the sorted tag tree from counts (parents appear even when only children are used). */
export function buildTagTree(counts: Map<string, { own: number; total: number }>): TagNode[] {
  const roots: TagNode[] = [];
  const byTag = new Map<string, TagNode>();
  for (const tag of [...counts.keys()].sort()) {
    const c = counts.get(tag)!;
    const slash = tag.lastIndexOf('/');
    const node: TagNode = { tag, name: tag.slice(slash + 1), count: c.total, ownCount: c.own, children: [] };
    byTag.set(tag, node);
    const parent = slash >= 0 ? byTag.get(tag.slice(0, slash)) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
