import { useEffect, useRef } from 'react';

export type LayoutKeyActions = {
  palette: () => void;
  focusMode: () => void;
  exitFocusMode: () => boolean;
  toggleSidebar: () => void;
  toggleList: () => void;
};

/**
 * Window-level chords for the palette and the layout. None is a single key or an editing chord, so they
 * also work while typing: Ctrl/Cmd+K and Ctrl/Cmd+Shift+P (palette), Ctrl/Cmd+Shift+Enter (focus mode),
 * Ctrl/Cmd+\ (sidebar), Ctrl/Cmd+Shift+\ (note list). Esc leaves focus mode when no field has focus.
 */
export function useLayoutKeys(actions: LayoutKeyActions): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && !e.shiftKey && !e.altKey && key === 'k') a.palette();
      else if (mod && e.shiftKey && key === 'p') a.palette();
      else if (mod && e.shiftKey && e.key === 'Enter') a.focusMode();
      else if (mod && e.code === 'Backslash') (e.shiftKey ? a.toggleList : a.toggleSidebar)();
      else if (e.key === 'Escape' && !e.defaultPrevented && e.target === document.body)
        handled = a.exitFocusMode();
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
