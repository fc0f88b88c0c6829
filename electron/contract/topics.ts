import { z } from 'zod';
import { topicStatusSchema, type Topic } from '../domain/model.js';
import type { TopicSummary } from '../domain/views.js';
import { id, out, type Undoable } from './shared.js';

export type { TopicSummary };

const topicFields = {
  name: z.string().max(200),
  description: z.string().max(20_000),
  partners: z.array(z.string().max(200)).max(200),
  status: topicStatusSchema,
};

/** Topics (cooperation lines) and their note counts. */

export const topicsCalls = {
  'topics.list': { input: z.object({}).strict(), result: out<TopicSummary[]>() },
  'topics.create': {
    input: z
      .object({
        name: topicFields.name,
        description: topicFields.description.optional(),
        partners: topicFields.partners.optional(),
        status: topicFields.status.optional(),
      })
      .strict(),
    result: out<Topic>(),
  },
  'topics.update': {
    input: z
      .object({
        id,
        name: topicFields.name.optional(),
        description: topicFields.description.optional(),
        partners: topicFields.partners.optional(),
        status: topicFields.status.optional(),
      })
      .strict(),
    result: out<Topic>(),
  },
  'topics.delete': {
    input: z.object({ id, withNotes: z.boolean().optional() }).strict(),
    result: out<{ deletedNotes: number } & Undoable>(),
  },
} as const;
