import type { NoteInput, NotePatch } from './notes.js';
import type { NotesUseCases } from './use-cases.js';

/** The notes.* calls for reading, saving and deleting (search, properties and templates have their own). */
export function notesHandlers(core: NotesUseCases) {
  return {
    'notes.get': async (i: { id: string }) => core.getNote(i.id),
    'notes.titles': async () => core.noteTitles(),
    'notes.create': (i: NoteInput) => core.createNote(i),
    'notes.update': (i: NotePatch & { baseVersion?: number }) => core.updateNote(i),
    'notes.delete': (i: { id: string }) => core.deleteNote(i.id),
  };
}
