import type { HistoryUseCases } from './use-cases.js';

/** The revisions.* calls. */
export function historyHandlers(core: HistoryUseCases) {
  return {
    'revisions.list': async (i: { noteId: string }) => ({
      items: await core.listRevisions(i.noteId),
      setAside: await core.keptHistory(i.noteId),
    }),
    'revisions.diff': (i: { noteId: string; rev: number }) => core.diffRevision(i.noteId, i.rev),
    'revisions.restore': (i: { noteId: string; rev: number }) => core.restoreRevision(i.noteId, i.rev),
  };
}
