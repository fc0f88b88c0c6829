import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** Attaches files at a position of the note; given by the note editor. */
export type AttachFiles = (files: File[], view: EditorView, pos: number) => void;

/**
 * Pasted files (a screenshot, an image copied from another app) and dropped files are attached at the
 * caret or the drop point; text pastes and drags of text stay CodeMirror's.
 */
export function fileDrop(attach: () => AttachFiles | null): Extension {
  return EditorView.domEventHandlers({
    paste(e, view) {
      const files = [...(e.clipboardData?.files ?? [])];
      const fn = attach();
      if (!files.length || !fn) return false;
      e.preventDefault();
      fn(files, view, view.state.selection.main.head);
      return true;
    },
    drop(e, view) {
      const files = [...(e.dataTransfer?.files ?? [])];
      const fn = attach();
      if (!files.length || !fn) return false;
      e.preventDefault();
      const pos = view.posAtCoords({ x: e.clientX, y: e.clientY }) ?? view.state.selection.main.head;
      fn(files, view, pos);
      return true;
    },
  });
}
