import type { z } from 'zod';
import {
  noteSchema,
  savedSearchSchema,
  SCHEMA_VERSION,
  storeFileSchema,
  fromStoreFile,
  topicSchema,
  type Note,
  type StoreData,
  type StoreFile,
} from '../domain/model.js';
import { defineOwn, type RecordHooks } from './record-parser.js';
import type { NotePacker } from './packed-notes.js';

/** The collections dossier.json holds record by record, each with the schema of one record. */
export const RECORD_SCHEMAS = {
  notes: noteSchema,
  topics: topicSchema,
  savedSearches: savedSearchSchema,
} as const satisfies Record<string, z.ZodType>;

type Collection = keyof typeof RECORD_SCHEMAS;
const isCollection = (key: string): key is Collection => Object.hasOwn(RECORD_SCHEMAS, key);

/** Where a store has an unexpected shape: the path into the store and what is wrong there. */
export type ShapeProblem = { path: string; message: string };

/**
 * Validates a current-version store record by record as the parser reads it, instead of the whole store
 * at the end: zod's whole-store parse builds a second copy of every record while all of them (with their
 * bodies as UTF-16 strings) are alive, which was most of the memory peak of opening. Each valid note is
 * packed at once (see packed-notes.ts), so its body string is garbage a moment after it was parsed.
 *
 * Gives exactly what `storeFileSchema.safeParse` of the whole store gives (property-tested): records are
 * checked while reading only once the file has said it is the current version (our writer puts
 * schemaVersion first); the collections of an older file (after migrating) or of one that states its
 * version after the records are checked by checkRest, record by record as well.
 */
export class RecordChecker {
  /** per collection: every record in it has been checked (false: some are raw, check the whole collection) */
  private readonly checked = new Map<Collection, boolean>();
  /** records that failed their check, by collection and id; a later duplicate key replaces one, as in JSON */
  private readonly bad = new Map<Collection, Map<string, ShapeProblem>>();

  constructor(private readonly packer: NotePacker | null = null) {}

  /** The hooks to hand to parseStoreChunks. */
  readonly hooks: Required<RecordHooks> = {
    key: (key, asCollection) => {
      if (!isCollection(key)) return;
      this.checked.set(key, asCollection);
      this.bad.delete(key);
    },
    record: (collection, id, value, top) => {
      if (!isCollection(collection) || this.checked.get(collection) !== true) return value;
      if (top.schemaVersion !== SCHEMA_VERSION) {
        this.checked.set(collection, false);
        return value;
      }
      const parsed = RECORD_SCHEMAS[collection].safeParse(value);
      const bad = this.bad.get(collection);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = [collection, id, ...(issue?.path ?? [])].map(String).join('.');
        const list = bad ?? new Map<string, ShapeProblem>();
        list.delete(id); // a duplicate goes to the end, where JSON.parse's object has it too
        list.set(id, { path: where, message: issue?.message ?? 'invalid' });
        this.bad.set(collection, list);
        return value;
      }
      bad?.delete(id);
      return collection === 'notes' && this.packer ? this.packer.pack(parsed.data as Note, id) : parsed.data;
    },
  };

  /**
   * Checks (and packs) the records of every collection of `store` not already checked while reading, in
   * place: each raw record is replaced by its checked copy as it goes. `store` must be of the current version.
   */
  checkRest(store: Record<string, unknown>): void {
    const top = { schemaVersion: SCHEMA_VERSION };
    for (const c of Object.keys(RECORD_SCHEMAS) as Collection[]) {
      if (this.checked.get(c) === true || !Object.hasOwn(store, c)) continue;
      const records = store[c];
      const isObject = records !== null && typeof records === 'object' && !Array.isArray(records);
      this.hooks.key(c, isObject);
      if (!isObject) continue;
      const map = records as Record<string, unknown>;
      for (const id of Object.keys(map)) defineOwn(map, id, this.hooks.record(c, id, map[id], top));
    }
  }

  /**
   * The checked store, or the first problem. `json` is what parseStoreChunks returned with these hooks (of
   * the current version, or migrated to it), after checkRest.
   */
  finish(json: Record<string, unknown>): { data: StoreData } | { problem: ShapeProblem } {
    // The rest of the store (version, settings, attachments, and any collection not checked record by
    // record) is checked as before, with the checked collections standing in as empty objects.
    const rest: Record<string, unknown> = { ...json };
    const done = (['topics', 'notes', 'savedSearches'] as const).filter((c) => this.checked.get(c));
    for (const c of done) rest[c] = {};
    const parsed = storeFileSchema.safeParse(rest);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        problem: { path: issue?.path.join('.') || 'the top level', message: issue?.message ?? 'invalid' },
      };
    }
    for (const c of done) {
      const first = this.bad.get(c)?.values().next();
      if (first && !first.done) return { problem: first.value };
    }
    const file = parsed.data;
    for (const c of done) (file as Record<Collection, unknown>)[c] = json[c];
    return { data: fromStoreFile(file as StoreFile) };
  }
}
