import { SCHEMA_VERSION } from '../domain/model.js';

/** One step from `from` to `from + 1`: a pure function of the parsed JSON. */
export type Migration = {
  from: number;
  describe: string;
  migrate: (old: Record<string, unknown>) => Record<string, unknown>;
};

type Rec = Record<string, unknown>;

function byId(list: unknown): Record<string, Rec> {
  const out: Record<string, Rec> = {};
  if (Array.isArray(list))
    for (const item of list)
      if (item && typeof item === 'object' && typeof (item as Rec).id === 'string')
        out[(item as Rec).id as string] = item as Rec;
  return out;
}

/**
 * Ordered migrations. Version 0 is the pre-release format: no schemaVersion, topics and notes as arrays,
 * notes without `pinned`, topics without `status`.
 */
export const MIGRATIONS: Migration[] = [
  {
    from: 0,
    describe: 'arrays to id-keyed records; add pinned, status, savedSearches and settings',
    migrate: (old) => {
      const topics = byId(old.topics);
      for (const t of Object.values(topics)) {
        t.status ??= 'active';
        t.partners ??= [];
        t.description ??= '';
        t.updatedAt ??= t.createdAt;
      }
      const notes = byId(old.notes);
      for (const n of Object.values(notes)) {
        n.pinned ??= false;
        n.tags ??= [];
        n.topicId ??= null;
        n.updatedAt ??= n.createdAt;
      }
      return { schemaVersion: 1, topics, notes, savedSearches: {}, settings: { trashRetentionDays: 30 } };
    },
  },
  {
    from: 1,
    describe: 'add the attachments collection and the per-file attachment limit (200 MB)',
    migrate: (old) => {
      const settings = (old.settings && typeof old.settings === 'object' ? old.settings : {}) as Rec;
      settings.attachmentLimitBytes ??= 200 * 1024 * 1024;
      return { ...old, schemaVersion: 2, attachments: old.attachments ?? {}, settings };
    },
  },
  {
    from: 2,
    describe: 'notes may carry front-matter properties and a folder below their topic (issue 13)',
    // Both fields are optional, so a version 2 note is a valid version 3 note as it is. The step still
    // exists so that an older Dossier refuses a file that may hold properties it would drop on save.
    migrate: (old) => ({ ...old, schemaVersion: 3 }),
  },
  {
    from: 3,
    describe:
      'notes and topics may carry a marking and a releasability list, settings a marking scheme (issue 14)',
    // All optional, so a version 3 file is a valid version 4 file as it is. The step exists because an
    // older Dossier would silently drop marking fields on save; with version 4 it refuses the file instead.
    migrate: (old) => ({ ...old, schemaVersion: 4 }),
  },
];

/** The version a parsed file claims (files before versioning count as 0). */
export function versionOf(json: Rec): number | null {
  if (!('schemaVersion' in json)) return 0;
  return Number.isInteger(json.schemaVersion) ? (json.schemaVersion as number) : null;
}

/**
 * Runs every migration from `version` up to the current schema. Without `inPlace` the input is left as it
 * was (one copy is made before the first step); with it, the caller hands over a parse no one else holds.
 */
export function migrate(json: Rec, version: number, options: { inPlace?: boolean } = {}): Rec {
  let current = json;
  if (!options.inPlace && version < SCHEMA_VERSION) {
    try {
      current = structuredClone(json);
    } catch (err) {
      if (err instanceof RangeError) throw new Error('it is nested too deeply', { cause: err });
      throw err;
    }
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS.find((m) => m.from === v);
    if (!step) throw new Error(`No migration from schema version ${v}`);
    // Steps build new top-level objects and may change records of their input: ours, after the copy.
    current = step.migrate(current);
  }
  return current;
}
