import { normalizeTag } from './normalize.js';
import type { TagsUseCases } from './use-cases.js';

/** The tags.* calls. */
export function tagsHandlers(core: TagsUseCases) {
  return {
    'tags.list': async () => core.listTags(),
    'tags.check': async (i: { tag: string }) => ({ tag: normalizeTag(i.tag) }),
    'tags.rename': (i: { from: string; to: string }) => core.renameTag(i.from, i.to),
    'tags.merge': (i: { source: string; target: string }) => core.mergeTags(i.source, i.target),
    'tags.delete': (i: { tag: string }) => core.deleteTag(i.tag),
  };
}
