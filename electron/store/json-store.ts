import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Adapter } from 'lowdb';
import { emptyStoreData, SCHEMA_VERSION, storeDataSchema, type StoreData } from '../core/model.js';
import { DossierError } from '../core/errors.js';
import type { SaveState } from '../contract.js';
import type { NoteStore } from './store.js';
import { writeFileDurable } from './durable-file.js';

export const STORE_FILE = 'dossier.json';

/** lowdb adapter that validates on read and writes durably (temp + fsync + rename + dir fsync). */
class DurableJsonAdapter implements Adapter<StoreData> {
  constructor(private readonly file: string) {}

  async read(): Promise<StoreData | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DossierError('IO_ERROR', `Cannot read ${this.file}: ${(err as Error).message}`, { path: this.file });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new DossierError('STORE_CORRUPT', `The notes file is not valid JSON (${(err as Error).message}). It was left untouched: ${this.file}`, { path: this.file });
    }
    const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (version !== SCHEMA_VERSION) {
      throw new DossierError('STORE_VERSION', `The notes file has schema version ${String(version)}; this Dossier reads version ${SCHEMA_VERSION}. It was left untouched: ${this.file}`, { path: this.file });
    }
    const parsed = storeDataSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DossierError('STORE_CORRUPT', `The notes file has an unexpected shape at ${issue?.path.join('.')}: ${issue?.message}. It was left untouched: ${this.file}`, { path: this.file });
    }
    return parsed.data;
  }

  async write(data: StoreData): Promise<void> {
    await writeFileDurable(this.file, JSON.stringify(data));
  }
}

/** Opens (or creates) dossier.json in dataDir. Refuses, without writing, a file it cannot read. */
export async function openJsonStore(dataDir: string): Promise<NoteStore> {
  await mkdir(dataDir, { recursive: true });
  const filePath = path.join(dataDir, STORE_FILE);
  const db = new Low<StoreData>(new DurableJsonAdapter(filePath), emptyStoreData());
  await db.read();
  let state: SaveState = { state: 'saved', lastSavedAt: null };
  let chain: Promise<void> = Promise.resolve();

  const store: NoteStore = {
    dataDir,
    filePath,
    get: () => db.data,
    commit(next) {
      db.data = next;
      // Serialise writes: each one writes the latest state when its turn comes.
      const run = chain.then(async () => {
        state = { ...state, state: 'saving' };
        try {
          await db.write();
          state = { state: 'saved', lastSavedAt: new Date().toISOString() };
        } catch (err) {
          state = { ...state, state: 'error', error: (err as Error).message };
          throw new DossierError('SAVE_FAILED', `Not saved: ${(err as Error).message}`);
        }
      });
      chain = run.catch(() => undefined);
      return run;
    },
    status: () => state,
    flush: () => chain,
    close: () => chain,
  };
  return store;
}
