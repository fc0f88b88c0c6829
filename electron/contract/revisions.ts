import { z } from 'zod';
import type { DiffPart, RevisionList } from '../domain/records.js';
import { id, out } from './shared.js';
import type { NoteView } from '../domain/views.js';

/** A note's history of versions. */

export const revisionsCalls = {
  /** The note's revisions, and its earlier history files set aside because they failed their check. */
  'revisions.list': { input: z.object({ noteId: id }).strict(), result: out<RevisionList>() },
  'revisions.diff': {
    input: z.object({ noteId: id, rev: z.number().int().min(1) }).strict(),
    result: out<DiffPart[]>(),
  },
  'revisions.restore': {
    input: z.object({ noteId: id, rev: z.number().int().min(1) }).strict(),
    result: out<NoteView>(),
  },
} as const;
