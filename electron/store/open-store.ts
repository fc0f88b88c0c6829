import type { NoteStore } from './store.js';
import { openJsonStore } from './json-store.js';

export type OpenStoreOptions = { /** who opens it, for lock messages */ owner?: string };

/** The one way every shell opens the store for a data dir. */
export async function openStore(dataDir: string, _options: OpenStoreOptions = {}): Promise<NoteStore> {
  return openJsonStore(dataDir);
}
