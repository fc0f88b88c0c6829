import type { UndoUseCases } from './use-cases.js';

/** The undo.* calls. */
export function undoHandlers(core: UndoUseCases) {
  return {
    'undo.peek': async () => core.peekUndo(),
    'undo.run': (i: { id?: number; confirm?: boolean }) => core.runUndo(i),
  };
}
