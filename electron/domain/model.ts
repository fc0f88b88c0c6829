import { z } from 'zod';
import { markingSchemeSchema } from './marking-scheme.js';
import { propertyMapSchema } from './property-value.js';
import { ChunkedMap } from './chunked-map.js';

/** Current on-disk schema version; bump together with a migration in store/migrations.ts. */
export const SCHEMA_VERSION = 4;

export const topicStatusSchema = z.enum(['planned', 'active', 'concluded']);
export type TopicStatus = z.infer<typeof topicStatusSchema>;

const isoDate = z.string().min(10).max(40);

/** A folder path below a topic: segments without separators, traversal or control characters. */
export const folderSchema = z
  .string()
  .max(1000)
  .refine(
    (f) => f.split('/').every((s) => s.length > 0 && s !== '.' && s !== '..' && !/[\u0000-\u001f\\]/.test(s)),
    'A folder is a list of names separated by "/".',
  );

/** A cooperation line (e.g. "Interceptor seeker co-development") that notes belong to. */
export const topicSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  description: z.string().max(20_000),
  partners: z.array(z.string().max(200)).max(200),
  status: topicStatusSchema,
  /** marking level name (see marking-scheme.ts); absent: inherited (note ← topic ← scheme default) */
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
  /** marking level name (see marking-scheme.ts); absent: inherited (note ← topic ← scheme default) */
  marking: z.string().min(1).max(60).optional(),
  /** partners this may be released to; absent: inherited */
  releasableTo: z.array(z.string().max(200)).max(200).optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
  deletedAt: isoDate.optional(),
  /** front-matter keys Dossier does not own (aliases, due, participants…), with their YAML types; absent = none */
  properties: propertyMapSchema.optional(),
  /** folders below the topic folder, '/'-separated (a vault's `Bases/Layouts` → topic Bases, folder Layouts) */
  folder: folderSchema.optional(),
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

/**
 * A file attached to notes, stored once by content under attachments/ beside the store (never in
 * dossier.json). Notes reference it in their body as `attachments/<id>/<name>` (see attachments/refs.ts).
 */
export const attachmentSchema = z.object({
  /** the first 16 hex digits of the hash (longer only if two files share that prefix) */
  id: z.string().regex(/^[0-9a-f]{16,64}$/),
  /** SHA-256 of the content, hex: the blob's file name */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** file name when first attached */
  name: z.string().min(1).max(255),
  /** sniffed from the content (file-type), never taken from the name */
  mediaType: z.string().min(1).max(200),
  size: z.number().int().min(0),
  createdAt: isoDate,
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** Default per-file attachment limit: 200 MB. */
export const DEFAULT_ATTACHMENT_LIMIT_BYTES = 200 * 1024 * 1024;

export const settingsSchema = z.object({
  trashRetentionDays: z.number().int().min(1).max(3650),
  /** absent: the default scheme (markings are optional fields; schema 4 keeps older Dossiers from dropping them) */
  markingScheme: markingSchemeSchema.optional(),
  /** largest file that may be attached */
  attachmentLimitBytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** topic id → id of the template a new note in that topic starts from (see templates/templates.ts) */
  defaultTemplates: z.record(z.string().max(64), z.string().max(64)).optional(),
  /** tag → the case the user wrote it in (`tech/radar` → `Tech/Radar`), for display; tags match in lowercase */
  tagLabels: z.record(z.string().max(200), z.string().max(200)).optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The whole store as it lives in dossier.json (records keyed by id for O(1) access and cheap diffs). */
export const storeFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  topics: z.record(z.string(), topicSchema),
  notes: z.record(z.string(), noteSchema),
  savedSearches: z.record(z.string(), savedSearchSchema),
  attachments: z.record(z.string(), attachmentSchema),
  settings: settingsSchema,
});
/** The store as dossier.json holds it: every collection a plain record (what zod checks at load). */
export type StoreFile = z.infer<typeof storeFileSchema>;

/** The notes of a state: a persistent map, so a save shares every note it did not change (issue 21). */
export type NoteMap = ChunkedMap<Note>;

/**
 * The store in memory: as in the file, but the notes in a NoteMap (read and replaced through
 * domain/note-access.ts). JSON.stringify gives the file's JSON (the map serialises as its record).
 */
export type StoreData = Omit<StoreFile, 'notes'> & { notes: NoteMap };

/** The in-memory state of a checked store file (the notes' record becomes a map in the same order). */
export function fromStoreFile(file: StoreFile): StoreData {
  return { ...file, notes: ChunkedMap.fromRecord(file.notes) };
}

/** The store file of a state (tests and tools that want plain records; the store streams instead). */
export function toStoreFile(data: StoreData): StoreFile {
  return { ...data, notes: data.notes.toRecord() };
}

/** A fresh, empty store. */
export function emptyStoreData(): StoreData {
  return {
    schemaVersion: SCHEMA_VERSION,
    topics: {},
    notes: ChunkedMap.empty(),
    savedSearches: {},
    attachments: {},
    settings: { trashRetentionDays: 30, attachmentLimitBytes: DEFAULT_ATTACHMENT_LIMIT_BYTES },
  };
}
