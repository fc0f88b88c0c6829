import { z } from 'zod';
import type { TemplateList } from '../core/links/types.js';
import { id, out } from './shared.js';
import type { FromTemplate } from '../domain/views.js';

export type { TemplateList, FromTemplate };

/** Templates and notes made from them. */

export const templatesCalls = {
  /**
   * A new note from a template: placeholders {{date}} {{time}} {{topic}} {{title}} {{partners}} filled,
   * tags and properties copied, the {{cursor}} marker removed and its offset returned. Without
   * `templateId`, the topic's default template.
   */
  'notes.createFromTemplate': {
    input: z
      .object({
        templateId: id.optional(),
        topicId: id.nullable().optional(),
        title: z.string().max(500).optional(),
      })
      .strict(),
    result: out<FromTemplate>(),
  },
  'templates.list': { input: z.object({}).strict(), result: out<TemplateList>() },
  /** Adds the four shipped templates to the Templates topic (created if needed); ones already there are kept. */
  'templates.install': { input: z.object({}).strict(), result: out<{ added: number; topicId: string }>() },
  /** Sets (or clears, with null) the template new notes in a topic start from. */
  'templates.setDefault': {
    input: z.object({ topicId: id, templateId: id.nullable() }).strict(),
    result: out<null>(),
  },
} as const;
