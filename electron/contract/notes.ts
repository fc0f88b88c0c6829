import { z } from 'zod';
import type { NoteTitle } from '../core/notes/titles.js';
import type { MergeReport, NoteSaved, NoteView } from '../domain/views.js';
import type { DeleteImpact } from '../core/links/types.js';
import { id, out, tagList, type Undoable } from './shared.js';

export type { NoteTitle, MergeReport, NoteSaved, NoteView };

/** Reading, creating, saving and deleting notes. */

export const notesCalls = {
  'notes.get': { input: z.object({ id }).strict(), result: out<NoteView>() },
  /** Every live note's title (newest first), for the command palette's fuzzy match. */
  'notes.titles': { input: z.object({}).strict(), result: out<NoteTitle[]>() },
  'notes.create': {
    input: z
      .object({
        topicId: id.nullable().optional(),
        title: z.string().max(500).optional(),
        body: z.string().max(5_000_000).optional(),
        tags: tagList.optional(),
      })
      .strict(),
    result: out<NoteView>(),
  },
  'notes.update': {
    input: z
      .object({
        id,
        title: z.string().max(500).optional(),
        body: z.string().max(5_000_000).optional(),
        tags: tagList.optional(),
        topicId: id.nullable().optional(),
        pinned: z.boolean().optional(),
        /** the version (from notes.get or the last save) the edit started from; a stale save is merged */
        baseVersion: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      })
      .strict(),
    result: out<NoteSaved>(),
  },
  'notes.delete': { input: z.object({ id }).strict(), result: out<{ label: string } & Undoable>() },
  /** What deleting the note would break: links in other notes that resolve to it (ask before notes.delete). */
  'notes.deleteImpact': { input: z.object({ id }).strict(), result: out<DeleteImpact>() },
} as const;
