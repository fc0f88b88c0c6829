import type { TrashUseCases } from './use-cases.js';

/** The trash.* calls and the retention setting. */
export function trashHandlers(core: TrashUseCases) {
  return {
    'trash.restore': (i: { kind: 'note' | 'topic'; id: string }) => core.restoreFromTrash(i.kind, i.id),
    'trash.get': async (i: { id: string }) => core.trashedNote(i.id),
    'trash.empty': () => core.emptyTrash(),
    'settings.setTrashRetention': async (i: { days: number }) => {
      await core.setTrashRetention(i.days);
      return null;
    },
  };
}
