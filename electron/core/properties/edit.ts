import type { Note, StoreData } from '../../domain/model.js';
import { DossierError } from '../../domain/errors.js';
import { requireNote } from '../notes/notes.js';
import { OWNED_KEYS } from './front-matter.js';
import { sameValue, type PropertyMap, type PropertyValue } from '../../domain/property-value.js';
import { notesOf, withNote } from '../../domain/note-access.js';

/** One change to a note's properties (the properties panel sends these). */
export type PropertyChange =
  | { op: 'set'; key: string; value: PropertyValue }
  | { op: 'remove'; key: string }
  | { op: 'rename'; key: string; to: string };

function checkKey(key: string): void {
  if (OWNED_KEYS.has(key.toLowerCase()))
    throw new DossierError(
      'BAD_INPUT',
      `"${key}" is kept by Dossier itself (title, tags, topic, dates); choose another name.`,
      { key },
    );
}

/** The properties after one change; the same object when nothing changes. Keys keep their order. */
export function changeProperties(current: PropertyMap, change: PropertyChange): PropertyMap {
  switch (change.op) {
    case 'set': {
      checkKey(change.key);
      if (Object.hasOwn(current, change.key) && sameValue(current[change.key]!, change.value)) return current;
      return { ...current, [change.key]: change.value };
    }
    case 'remove': {
      if (!Object.hasOwn(current, change.key)) return current;
      const { [change.key]: _gone, ...rest } = current;
      return rest;
    }
    case 'rename': {
      if (change.key === change.to) return current;
      if (!Object.hasOwn(current, change.key))
        throw new DossierError('NOT_FOUND', `The note has no property "${change.key}".`, { key: change.key });
      checkKey(change.to);
      if (Object.hasOwn(current, change.to))
        throw new DossierError('CONFLICT', `The note already has a property "${change.to}".`, {
          key: change.to,
        });
      const out: PropertyMap = {};
      for (const [k, v] of Object.entries(current)) out[k === change.key ? change.to : k] = v;
      return out;
    }
  }
}

/** Applies property changes to a note; unchanged → same data and note. */
export function updateProperties(
  data: StoreData,
  id: string,
  changes: readonly PropertyChange[],
  now: string,
): { data: StoreData; note: Note } {
  const current = requireNote(data, id);
  let props = current.properties ?? {};
  for (const c of changes) props = changeProperties(props, c);
  if (props === (current.properties ?? {})) return { data, note: current };
  const note: Note = { ...current, properties: props, updatedAt: now };
  if (Object.keys(props).length === 0) delete note.properties;
  return { data: withNote(data, note), note };
}

/** Every property key in use among live notes, with its most common kind of value and how many notes have it. */
export function propertyKeys(data: StoreData): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const n of notesOf(data))
    if (!n.deletedAt)
      for (const k of Object.keys(n.properties ?? {})) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
