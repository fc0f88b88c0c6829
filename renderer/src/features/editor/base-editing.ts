import { autocompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import type { Extension } from '@codemirror/state';
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightSpecialChars,
  keymap,
  placeholder,
} from '@codemirror/view';

/**
 * Alt+↑/↓ belong to the app (previous / next note), so the line-moving bindings are left out; Ctrl+I is
 * italic, not "select parent syntax".
 */
const APP_KEYS = new Set([
  'Alt-ArrowUp',
  'Alt-ArrowDown',
  'Shift-Alt-ArrowUp',
  'Shift-Alt-ArrowDown',
  'Mod-i',
]);

/**
 * What every text editor has: undo history (Ctrl+Z inside the editor undoes typing; outside it the app's
 * undo), soft wrap, the standard keymap, completion UI and an accessible name for the content.
 */
export function baseEditing(opts: { label: string; placeholder: string }): Extension {
  return [
    history(),
    highlightSpecialChars(),
    drawSelection(),
    dropCursor(),
    autocompletion({ icons: false }), // its keymap (Enter/Tab/Esc in the list) comes first
    EditorView.lineWrapping,
    placeholder(opts.placeholder),
    EditorView.contentAttributes.of({
      'aria-label': opts.label,
      spellcheck: 'true',
      autocapitalize: 'sentences',
    }),
    keymap.of([...historyKeymap, ...defaultKeymap.filter((b) => !b.key || !APP_KEYS.has(b.key))]),
  ];
}
