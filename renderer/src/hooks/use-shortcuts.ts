import { useEffect, useRef } from 'react';
import { isTyping } from '../lib/format';

export type ShortcutActions = {
  newNote: () => void;
  focusSearch: () => void;
  move: (delta: number) => void;
  deleteSelected: () => void;
  undo: () => void;
  exportDialog: () => void;
  importDialog: () => void;
  help: () => void;
};

/** Delete removes a note only from the note list (or with nothing focused), never from a button or field elsewhere. */
function inNoteList(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !el || el === document.body || Boolean(el.closest?.('[role="listbox"][aria-label="Notes"]'));
}

/**
 * Global keyboard shortcuts. Single keys and anything destructive fire only outside text fields, so the
 * editing chords people rely on (Ctrl+Backspace deletes a word, Ctrl+Z undoes typing) stay the editor's.
 * Delete-note is Ctrl/Cmd+Shift+Backspace, a chord no text editor binds, or Delete in the list.
 * New note is Ctrl/Cmd+N in the desktop app and Alt+N everywhere (browsers keep Ctrl+N for a new window).
 */
export function useShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A key the focused widget already used (Ctrl+F opens find-in-note in the editor) is not the app's.
      if (e.defaultPrevented) return;
      const a = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      const typing = isTyping(e.target);
      const key = e.key.toLowerCase();
      // Alt+N arrives as a special character on some layouts: e.code names the physical key.
      const altN = e.altKey && !mod && (key === 'n' || e.code === 'KeyN');
      let handled = true;
      if ((mod && !e.shiftKey && !e.altKey && key === 'n') || altN) a.newNote();
      else if (mod && key === 'f') a.focusSearch();
      else if (mod && key === 'e') a.exportDialog();
      else if (mod && key === 'o') a.importDialog();
      else if (mod && e.shiftKey && e.key === 'Backspace' && !typing) a.deleteSelected();
      else if (mod && key === 'z' && !e.shiftKey && !typing) a.undo();
      else if (e.altKey && e.key === 'ArrowDown') a.move(1);
      else if (e.altKey && e.key === 'ArrowUp') a.move(-1);
      else if (!typing && !mod && !e.altKey && e.key === '/') a.focusSearch();
      else if (!typing && !mod && !e.altKey && key === 'j') a.move(1);
      else if (!typing && !mod && !e.altKey && key === 'k') a.move(-1);
      else if (!typing && e.key === '?') a.help();
      else if (!mod && e.key === 'Delete' && inNoteList(e.target)) a.deleteSelected();
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
