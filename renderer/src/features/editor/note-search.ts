import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import type { Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';

/**
 * Find and replace inside the note (Ctrl+F while typing; outside the editor Ctrl+F still goes to the
 * notebook search, see use-shortcuts). The panel sits on top so it is seen in a long note.
 */
export function noteSearch(): Extension {
  return [search({ top: true }), highlightSelectionMatches(), keymap.of(noteSearchKeymap)];
}

/**
 * CodeMirror's search keys without Mod-Shift-l (select every match): that chord is the app's Lock now
 * (features/protection), which must work while typing.
 */
export const noteSearchKeymap = searchKeymap.filter((b) => b.key !== 'Mod-Shift-l');
