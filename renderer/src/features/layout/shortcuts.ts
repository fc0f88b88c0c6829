const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Shortcuts of the palette, the layout and the tag tree, for the ? help (see use-layout-keys.ts, TagTree). */
export const DESKTOP_SHORTCUTS: [string, string][] = [
  [`${MOD}+K or ${MOD}+Shift+P`, 'Command palette: every command and note'],
  [`${MOD}+Shift+Enter`, 'Focus mode: only the editor (Esc leaves it)'],
  [`${MOD}+\\ / ${MOD}+Shift+\\`, 'Show or hide the sidebar / the note list'],
  ['← → on a pane edge (Enter collapses)', 'Resize the sidebar or the note list'],
  ['↑ ↓ ← → Home End, Enter', 'Move in the tag tree, filter by a tag'],
  ['Shift+F10 or F2 in the tag tree', 'Rename, merge or remove the tag'],
  [', or ; or Enter in the tag box', 'End a tag (pasting “a, b, c” adds three)'],
];
