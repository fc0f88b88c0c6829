import type { SavedSearch } from '../../domain/model.js';
import type { CoreContext } from '../context.js';
import {
  createSavedSearch,
  deleteSavedSearch,
  listSavedSearches,
  updateSavedSearch,
} from './saved-searches.js';

/** Searches saved to the sidebar. */
export function savedSearchesUseCases(ctx: CoreContext) {
  return {
    listSavedSearches(): SavedSearch[] {
      return listSavedSearches(ctx.store.get());
    },

    createSavedSearch(input: { name: string; query: string }): Promise<SavedSearch> {
      return ctx.apply((d) => {
        const r = createSavedSearch(d, input, ctx.now());
        return { data: r.data, value: r.search };
      });
    },

    updateSavedSearch(patch: { id: string; name?: string; query?: string }): Promise<SavedSearch> {
      return ctx.apply((d) => {
        const r = updateSavedSearch(d, patch);
        return { data: r.data, value: r.search };
      });
    },

    deleteSavedSearch(id: string): Promise<null> {
      return ctx.apply((d) => ({ data: deleteSavedSearch(d, id), value: null }));
    },
  };
}

/** The saved-search use cases, as the composed core carries them. */
export type SavedSearchesUseCases = ReturnType<typeof savedSearchesUseCases>;
