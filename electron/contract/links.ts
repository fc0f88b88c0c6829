import { z } from 'zod';
import type {
  Backlink,
  DeleteImpact,
  LinkCompletion,
  LinkNoteRef,
  Mention,
  NoteAnchors,
  OutgoingLink,
  RetargetImpact,
} from '../core/links/types.js';
import { baseVersion, id, out, type Undoable } from './shared.js';
import type { NoteSaved } from '../domain/views.js';

export type {
  Backlink,
  DeleteImpact,
  LinkCompletion,
  LinkNoteRef,
  Mention,
  NoteAnchors,
  OutgoingLink,
  RetargetImpact,
};

/** Links between notes: backlinks, outgoing links, completion, mentions and retargeting after a rename. */

export const linksCalls = {
  /** Notes linking to a note, each link with the sentence around it; most recently edited first. */
  'links.backlinks': { input: z.object({ id }).strict(), result: out<Backlink[]>() },
  /** A note's links in text order with where each goes (resolved, ambiguous with candidates, unresolved, file). */
  'links.outgoing': { input: z.object({ id }).strict(), result: out<OutgoingLink[]>() },
  /** Where a link target typed in note `fromId` goes (the preview's click on a link; hover previews). */
  'links.resolve': {
    input: z.object({ target: z.string().min(1).max(1000), fromId: id.optional() }).strict(),
    result: out<{ status: OutgoingLink['status']; noteId: string | null; candidates: LinkNoteRef[] }>(),
  },
  /** Headings and block ids of a note (for `[[Title#` completion and scrolling to a heading). */
  'links.anchors': { input: z.object({ id }).strict(), result: out<NoteAnchors>() },
  /** Notes offered while typing `[[query` in note `fromId`: titles and aliases ranked like search. */
  'links.complete': {
    input: z
      .object({
        query: z.string().max(500),
        fromId: id.optional(),
        limit: z.number().int().min(1).max(100).optional(),
      })
      .strict(),
    result: out<LinkCompletion[]>(),
  },
  /** Notes naming the note's title or an alias in plain text (not linked): candidates for "link it". */
  'links.mentions': {
    input: z.object({ id, limit: z.number().int().min(1).max(500).optional() }).strict(),
    result: out<Mention[]>(),
  },
  /** Turns one mention (from links.mentions) into a link to `targetId`; CONFLICT if the text changed since. */
  'links.linkIt': {
    input: z
      .object({
        sourceId: id,
        targetId: id,
        offset: z.number().int().min(0).max(5_000_000),
        length: z.number().int().min(1).max(1000),
        baseVersion: baseVersion.optional(),
      })
      .strict(),
    result: out<NoteSaved>(),
  },
  /** After a rename: how many links (in how many notes) still point at the note's old title `from`. */
  'links.retargetImpact': {
    input: z.object({ id, from: z.string().min(1).max(500) }).strict(),
    result: out<RetargetImpact>(),
  },
  /** After a rename: points every link at the old title `from` to the current title; one undoable step. */
  'links.retarget': {
    input: z.object({ id, from: z.string().min(1).max(500) }).strict(),
    result: out<RetargetImpact & { label: string } & Undoable>(),
  },
} as const;
