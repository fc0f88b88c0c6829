import type { SavedSearchesUseCases } from './use-cases.js';

/** The savedSearches.* calls. */
export function savedSearchesHandlers(core: SavedSearchesUseCases) {
  return {
    'savedSearches.list': async () => core.listSavedSearches(),
    'savedSearches.create': (i: { name: string; query: string }) => core.createSavedSearch(i),
    'savedSearches.update': (i: { id: string; name?: string; query?: string }) => core.updateSavedSearch(i),
    'savedSearches.delete': (i: { id: string }) => core.deleteSavedSearch(i.id),
  };
}
