import { z } from 'zod';
import { markingSchemeSchema } from './markings/scheme.js';

/** Current on-disk schema version; bump together with a migration in store/migrations.ts. */
export const SCHEMA_VERSION = 1;

export const topicStatusSchema = z.enum(['planned', 'active', 'concluded']);
export type TopicStatus = z.infer<typeof topicStatusSchema>;

const isoDate = z.string().min(10).max(40);

/** A cooperation line (e.g. "Interceptor seeker co-development") that notes belong to. */
export const topicSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  description: z.string().max(20_000),
  partners: z.array(z.string().max(200)).max(200),
  status: topicStatusSchema,
  /** marking level name (see markings/scheme.ts); absent: inherited (note ← topic ← scheme default) */
  marking: z.string().min(1).max(60).optional(),
  /** partners this may be released to; absent: inherited */
  releasableTo: z.array(z.string().max(200)).max(200).optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
  deletedAt: isoDate.optional(),
});
export type Topic = z.infer<typeof topicSchema>;

/** A markdown note; topicId null means the inbox. */
export const noteSchema = z.object({
  id: z.string().min(1).max(64),
  topicId: z.string().min(1).max(64).nullable(),
  title: z.string().max(500),
  body: z.string().max(5_000_000),
  tags: z.array(z.string().max(200)).max(500),
  pinned: z.boolean(),
  /** marking level name (see markings/scheme.ts); absent: inherited (note ← topic ← scheme default) */
  marking: z.string().min(1).max(60).optional(),
  /** partners this may be released to; absent: inherited */
  releasableTo: z.array(z.string().max(200)).max(200).optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
  deletedAt: isoDate.optional(),
});
export type Note = z.infer<typeof noteSchema>;

/** A named query shown in the sidebar. */
export const savedSearchSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  query: z.string().max(2000),
  createdAt: isoDate,
});
export type SavedSearch = z.infer<typeof savedSearchSchema>;

export const settingsSchema = z.object({
  trashRetentionDays: z.number().int().min(1).max(3650),
  /** absent: the default scheme (markings are optional fields, so older files need no migration) */
  markingScheme: markingSchemeSchema.optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The whole store as it lives in dossier.json (records keyed by id for O(1) access and cheap diffs). */
export const storeDataSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  topics: z.record(z.string(), topicSchema),
  notes: z.record(z.string(), noteSchema),
  savedSearches: z.record(z.string(), savedSearchSchema),
  settings: settingsSchema,
});
export type StoreData = z.infer<typeof storeDataSchema>;

/** A fresh, empty store. */
export function emptyStoreData(): StoreData {
  return {
    schemaVersion: SCHEMA_VERSION,
    topics: {},
    notes: {},
    savedSearches: {},
    settings: { trashRetentionDays: 30 },
  };
}
