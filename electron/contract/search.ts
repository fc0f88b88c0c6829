import { z } from 'zod';
import type {
  Facets,
  NoteFilter,
  NoteListResult,
  NoteSort,
  NoteSummary,
  QueryHint,
} from '../domain/views.js';
import { out, tagList } from './shared.js';

export type { Facets, NoteFilter, NoteListResult, NoteSort, NoteSummary, QueryHint };

export const noteSortSchema = z.enum([
  'updated',
  'created',
  'title',
  'relevance',
]) satisfies z.ZodType<NoteSort>;

/** Structured filters (sidebar clicks) combined with the free-text query from the search box. */
export const noteFilterSchema = z.object({
  /** a topic id, 'inbox' for notes without topic, or undefined for all */
  topicId: z.string().max(64).optional(),
  /** every tag must match; a parent tag matches its children */
  tags: tagList.optional(),
  /** search-box text (query language, see core/search/query.ts) */
  text: z.string().max(2000).optional(),
  /** show the trash instead of live notes */
  trash: z.boolean().optional(),
}) satisfies z.ZodType<NoteFilter>;

/** The note list: filters, the query language, sorting, paging and facets. */

export const searchCalls = {
  'notes.list': {
    input: z
      .object({
        filter: noteFilterSchema,
        sort: noteSortSchema.optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        facets: z.boolean().optional(),
      })
      .strict(),
    result: out<NoteListResult>(),
  },
} as const;
