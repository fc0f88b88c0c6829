import { z } from 'zod';
import type { QueryHint } from '../core/search/explain.js';
import { out, tagList } from './shared.js';

export type { QueryHint };

export const noteSortSchema = z.enum(['updated', 'created', 'title', 'relevance']);
export type NoteSort = z.infer<typeof noteSortSchema>;

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
});
export type NoteFilter = z.infer<typeof noteFilterSchema>;

/** One row of the note list: enough for the virtualised list, without the full body. */
export type NoteSummary = {
  id: string;
  topicId: string | null;
  title: string;
  snippet: string;
  tags: string[];
  pinned: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  /** the effective marking, for the list badge */
  marking: { level: string; colour: string; banner: string };
  /** lowercase terms the query matched, for highlighting */
  matches?: string[];
};

export type NoteListResult = {
  total: number;
  offset: number;
  items: NoteSummary[];
  /** how the query was read, shown under the search box */
  queryExplained?: string;
  /** what the query means, in words: `notes tagged partner/* and not containing "draft"` */
  queryMeaning?: string;
  /** unknown fields, tags no note carries — each with a corrected query when one is likely */
  queryHints?: QueryHint[];
  /** words and phrases the query looks for (folded), for highlighting the preview */
  terms?: string[];
  /** counts over the whole result set, when asked for */
  facets?: Facets;
};

export type Facets = {
  tags: { tag: string; count: number }[];
  topics: { topicId: string; count: number }[];
  partners: { partner: string; count: number }[];
  /** every level of the scheme in order, with its colour and how many results carry it */
  markings: { level: string; colour: string; count: number }[];
};

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
