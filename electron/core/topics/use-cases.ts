import type { Topic } from '../../domain/model.js';
import type { TopicSummary } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import { trashStep } from '../undo/steps.js';
import { createTopic, deleteTopic, updateTopic, type TopicInput, type TopicPatch } from './topics.js';

/** Topics: list with note counts, create, update, delete (undoable, notes optionally with it). */
export function topicsUseCases(ctx: CoreContext) {
  return {
    listTopics(): TopicSummary[] {
      const data = ctx.store.get();
      const counts = new Map<string, number>();
      for (const n of Object.values(data.notes)) {
        if (!n.deletedAt && n.topicId) counts.set(n.topicId, (counts.get(n.topicId) ?? 0) + 1);
      }
      return Object.values(data.topics)
        .filter((t) => !t.deletedAt)
        .map((t) => ({ ...t, noteCount: counts.get(t.id) ?? 0 }))
        .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    },

    createTopic(input: TopicInput): Promise<Topic> {
      return ctx.apply((d) => {
        const r = createTopic(d, input, ctx.now());
        return { data: r.data, value: r.topic };
      });
    },

    updateTopic(patch: TopicPatch): Promise<Topic> {
      return ctx.apply((d) => {
        const r = updateTopic(d, patch, ctx.now());
        return { data: r.data, value: r.topic };
      });
    },

    async deleteTopic(
      id: string,
      withNotes: boolean,
    ): Promise<{ deletedNotes: number; undoId: number | null }> {
      const name = ctx.store.get().topics[id]?.name ?? 'topic';
      const label = `Delete topic "${name}"`;
      const r = await ctx.mutate(
        (d) => {
          const x = deleteTopic(d, id, withNotes, ctx.now());
          return { data: x.data, value: { deletedNotes: x.deletedNotes } };
        },
        { undo: (_b, after, ch) => trashStep(label, after, ch.notes, ch.topics) },
      );
      return { ...r.value, undoId: r.undoId };
    },
  };
}

/** The topic use cases, as the composed core carries them. */
export type TopicsUseCases = ReturnType<typeof topicsUseCases>;
