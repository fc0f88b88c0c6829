import type { MarkingScheme } from '../../domain/marking-scheme.js';
import type { MarkingPatch } from './assign.js';
import type { MarkingsUseCases } from './use-cases.js';

type MarkingInput = { id: string; marking?: string | null; releasableTo?: string[] | null };

/** Only the fields the call carried: an absent field leaves the marking or list as it is. */
function patchOf(i: MarkingInput): MarkingPatch {
  return {
    ...(i.marking !== undefined ? { marking: i.marking } : {}),
    ...(i.releasableTo !== undefined ? { releasableTo: i.releasableTo } : {}),
  };
}

/** The markings.* calls. */
export function markingsHandlers(core: MarkingsUseCases) {
  return {
    'markings.scheme': async () => core.markingScheme(),
    'markings.setScheme': (i: { scheme: MarkingScheme }) => core.setMarkingScheme(i.scheme),
    'markings.setNote': (i: MarkingInput) => core.setNoteMarking(i.id, patchOf(i)),
    'markings.setTopic': (i: MarkingInput) => core.setTopicMarking(i.id, patchOf(i)),
  };
}
