import type { TopicInput, TopicPatch } from './topics.js';
import type { TopicsUseCases } from './use-cases.js';

/** The topics.* calls. */
export function topicsHandlers(core: TopicsUseCases) {
  return {
    'topics.list': async () => core.listTopics(),
    'topics.create': (i: TopicInput) => core.createTopic(i),
    'topics.update': (i: TopicPatch) => core.updateTopic(i),
    'topics.delete': (i: { id: string; withNotes?: boolean }) => core.deleteTopic(i.id, i.withNotes ?? false),
  };
}
