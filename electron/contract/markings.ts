import { z } from 'zod';
import type { Topic } from '../domain/model.js';
import { markingSchemeSchema, type MarkingScheme } from '../domain/marking-scheme.js';
import { id, levelName, out, partnerName } from './shared.js';
import type { NoteView } from '../domain/views.js';

export type { MarkingScheme };

/** null clears the override, so the note or topic inherits again. */
const markingFields = {
  marking: levelName.nullable().optional(),
  releasableTo: z.array(partnerName).max(200).nullable().optional(),
};

/** The marking scheme and the markings and releasability of notes and topics. */

export const markingsCalls = {
  'markings.scheme': { input: z.object({}).strict(), result: out<MarkingScheme>() },
  /** Replaces the notebook's scheme; refuses to drop a level still in use. */
  'markings.setScheme': {
    input: z.object({ scheme: markingSchemeSchema }).strict(),
    result: out<MarkingScheme>(),
  },
  /** A note's own marking and releasability (recorded in its history like any edit). */
  'markings.setNote': { input: z.object({ id, ...markingFields }).strict(), result: out<NoteView>() },
  /** A topic's default marking and releasability for its notes. */
  'markings.setTopic': { input: z.object({ id, ...markingFields }).strict(), result: out<Topic>() },
} as const;
