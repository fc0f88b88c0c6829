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

/** Global keyboard shortcuts; single-key ones only fire when no text field has focus. */
export function useShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      const typing = isTyping(e.target);
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && key === 'n') a.newNote();
      else if (mod && key === 'f') a.focusSearch();
      else if (mod && key === 'e') a.exportDialog();
      else if (mod && key === 'o') a.importDialog();
      else if (mod && e.key === 'Backspace') a.deleteSelected();
      else if (mod && key === 'z' && !e.shiftKey && !typing) a.undo();
      else if (e.altKey && e.key === 'ArrowDown') a.move(1);
      else if (e.altKey && e.key === 'ArrowUp') a.move(-1);
      else if (!typing && !mod && !e.altKey && e.key === '/') a.focusSearch();
      else if (!typing && !mod && !e.altKey && key === 'j') a.move(1);
      else if (!typing && !mod && !e.altKey && key === 'k') a.move(-1);
      else if (!typing && e.key === '?') a.help();
      else if (!typing && e.key === 'Delete') a.deleteSelected();
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
