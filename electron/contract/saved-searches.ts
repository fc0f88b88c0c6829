import { z } from 'zod';
import type { SavedSearch } from '../domain/model.js';
import { id, out } from './shared.js';

const searchName = z.string().trim().min(1, 'A saved search needs a name.').max(200);
const searchQuery = z.string().max(2000);

/** Searches saved to the sidebar. */

export const savedSearchesCalls = {
  'savedSearches.list': { input: z.object({}).strict(), result: out<SavedSearch[]>() },
  'savedSearches.create': {
    input: z.object({ name: searchName, query: searchQuery }).strict(),
    result: out<SavedSearch>(),
  },
  'savedSearches.update': {
    input: z.object({ id, name: searchName.optional(), query: searchQuery.optional() }).strict(),
    result: out<SavedSearch>(),
  },
  'savedSearches.delete': { input: z.object({ id }).strict(), result: out<null>() },
} as const;
