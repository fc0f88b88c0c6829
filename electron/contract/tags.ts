import { z } from 'zod';
import type { TagNode } from '../core/tags/tree.js';
import { out, tagText, type Undoable } from './shared.js';

export type { TagNode };

/** The tag tree and notebook-wide tag management. */

export const tagsCalls = {
  /** Tags with counts; `labels` maps a tag to the case the user wrote it in (`tech/radar` → `Tech/Radar`) for display. */
  'tags.list': {
    input: z.object({}).strict(),
    result: out<{ tree: TagNode[]; all: { tag: string; count: number }[]; labels: Record<string, string> }>(),
  },
  'tags.check': { input: z.object({ tag: z.string().max(500) }).strict(), result: out<{ tag: string }>() },
  /** Tag management: each applies to every note at once, saves once and is undoable. */
  'tags.rename': {
    input: z.object({ from: tagText, to: tagText }).strict(),
    result: out<{ notes: number; label: string } & Undoable>(),
  },
  'tags.merge': {
    input: z.object({ source: tagText, target: tagText }).strict(),
    result: out<{ notes: number; label: string } & Undoable>(),
  },
  'tags.delete': {
    input: z.object({ tag: tagText }).strict(),
    result: out<{ notes: number; label: string } & Undoable>(),
  },
} as const;
