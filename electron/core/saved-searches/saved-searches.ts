import { newId } from '../../domain/new-id.js';
import type { SavedSearch, StoreData } from '../../domain/model.js';
import { DossierError } from '../../domain/errors.js';

function requireSearch(data: StoreData, id: string): SavedSearch {
  const s = data.savedSearches[id];
  if (!s) throw new DossierError('NOT_FOUND', 'That saved search no longer exists.', { id });
  return s;
}

function assertUniqueName(data: StoreData, name: string, exceptId?: string): void {
  const clash = Object.values(data.savedSearches).find(
    (s) => s.id !== exceptId && s.name.toLowerCase() === name.toLowerCase(),
  );
  if (clash) throw new DossierError('CONFLICT', `A saved search named "${clash.name}" already exists.`);
}

export function createSavedSearch(
  data: StoreData,
  input: { name: string; query: string },
  now: string,
): { data: StoreData; search: SavedSearch } {
  const name = input.name.trim();
  assertUniqueName(data, name);
  const search: SavedSearch = { id: newId(), name, query: input.query.trim(), createdAt: now };
  return { data: { ...data, savedSearches: { ...data.savedSearches, [search.id]: search } }, search };
}

export function updateSavedSearch(
  data: StoreData,
  patch: { id: string; name?: string; query?: string },
): { data: StoreData; search: SavedSearch } {
  const current = requireSearch(data, patch.id);
  const name = patch.name?.trim() ?? current.name;
  assertUniqueName(data, name, current.id);
  const search: SavedSearch = { ...current, name, query: patch.query?.trim() ?? current.query };
  return { data: { ...data, savedSearches: { ...data.savedSearches, [search.id]: search } }, search };
}

export function deleteSavedSearch(data: StoreData, id: string): StoreData {
  requireSearch(data, id);
  const savedSearches = { ...data.savedSearches };
  delete savedSearches[id];
  return { ...data, savedSearches };
}

/** Saved searches A→Z, as the sidebar lists them. */
export function listSavedSearches(data: StoreData): SavedSearch[] {
  return Object.values(data.savedSearches).sort((a, b) =>
    a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
  );
}
