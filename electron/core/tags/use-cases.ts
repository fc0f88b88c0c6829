import type { StoreData } from '../../domain/model.js';
import type { CoreContext } from '../context.js';
import { tagMapOf, tagStep } from '../undo/steps.js';
import { deleteTag, mergeTags, renameTag, type TagChange } from './manage.js';
import { buildTagTree, countTags, type TagNode } from './tree.js';

/** What a tag change returns: notes changed, the toast label and the undo step. */
export type TagResult = { notes: number; label: string; undoId: number | null };

/** The tag tree with counts, and notebook-wide rename, merge and removal (each one undoable step). */
export function tagsUseCases(ctx: CoreContext) {
  /** Tag changes are undone by the inverse rename / re-adding, only where the notes still match. */
  const changeTags = async (
    label: string,
    map: () => ReturnType<typeof tagMapOf>,
    change: (d: StoreData) => TagChange,
  ): Promise<TagResult> => {
    const r = await ctx.mutate(
      (d) => {
        const x = change(d);
        return { data: x.data, value: x.notes };
      },
      { undo: (before, after, ch) => tagStep(label, map(), before, after, ch.notes), history: true },
    );
    return { notes: r.value, label, undoId: r.undoId };
  };

  return {
    listTags(): { tree: TagNode[]; all: { tag: string; count: number }[]; labels: Record<string, string> } {
      const labels = ctx.store.get().settings.tagLabels ?? {};
      const live = Object.values(ctx.store.get().notes).filter((n) => !n.deletedAt);
      const counts = countTags(live);
      const all = [...counts.entries()]
        .filter(([, c]) => c.own > 0)
        .map(([tag, c]) => ({ tag, count: c.own }));
      return {
        tree: buildTagTree(counts),
        all: all.sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
        labels: { ...labels },
      };
    },

    renameTag(from: string, to: string): Promise<TagResult> {
      return changeTags(
        `Rename tag ${from} to ${to}`,
        () => tagMapOf('rename', from, to),
        (d) => renameTag(d, from, to),
      );
    },

    mergeTags(source: string, target: string): Promise<TagResult> {
      return changeTags(
        `Merge tag ${source} into ${target}`,
        () => tagMapOf('rename', source, target),
        (d) => mergeTags(d, source, target),
      );
    },

    deleteTag(tag: string): Promise<TagResult> {
      return changeTags(
        `Remove tag ${tag}`,
        () => tagMapOf('remove', tag),
        (d) => deleteTag(d, tag),
      );
    },
  };
}

/** The tag use cases, as the composed core carries them. */
export type TagsUseCases = ReturnType<typeof tagsUseCases>;
