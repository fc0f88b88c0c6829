import { indentLess, indentMore } from '@codemirror/commands';
import { type EditorState, type Extension, Prec, type StateCommand } from '@codemirror/state';
import { keymap } from '@codemirror/view';

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])(\s+)/;

/** The list item a line starts (indent and marker), or null. */
function listItem(text: string): { indent: number; width: number } | null {
  const m = LIST_ITEM.exec(text);
  return m ? { indent: m[1]!.length, width: m[2]!.length + m[3]!.length } : null;
}

/** Lines the selection touches, each once. */
function selectedLines(state: EditorState): number[] {
  const lines = new Set<number>();
  for (const r of state.selection.ranges) {
    const from = state.doc.lineAt(r.from).number;
    const to = state.doc.lineAt(r.to).number;
    for (let n = from; n <= to; n++) lines.add(n);
  }
  return [...lines];
}

/**
 * How far a list line moves: to the content column of the item above it (CommonMark nests an item under
 * the one whose text it lines up with), so `- a` / `1. b` nest correctly; two spaces if nothing above.
 */
function nestWidth(state: EditorState, lineNo: number, indent: number): number {
  for (let n = lineNo - 1; n >= 1; n--) {
    const text = state.doc.line(n).text;
    if (!text.trim()) continue;
    const item = listItem(text);
    if (!item) break;
    if (item.indent <= indent) return Math.max(item.indent + item.width - indent, 1);
  }
  return 2;
}

/** Tab in list items: nest them one level under the item above. */
export const indentListItem: StateCommand = ({ state, dispatch }) => {
  const lines = selectedLines(state);
  if (!lines.every((n) => listItem(state.doc.line(n).text))) return false;
  const changes = lines.map((n) => {
    const line = state.doc.line(n);
    const item = listItem(line.text)!;
    return { from: line.from, insert: ' '.repeat(nestWidth(state, n, item.indent)) };
  });
  dispatch(state.update({ changes, scrollIntoView: true, userEvent: 'input.indent' }));
  return true;
};

/** Shift+Tab in list items: back out one level (to the parent's indent), never past the margin. */
export const outdentListItem: StateCommand = ({ state, dispatch }) => {
  const lines = selectedLines(state);
  if (!lines.every((n) => listItem(state.doc.line(n).text))) return false;
  const changes = lines.flatMap((n) => {
    const line = state.doc.line(n);
    const item = listItem(line.text)!;
    if (item.indent === 0) return [];
    let parentIndent = 0;
    for (let p = n - 1; p >= 1; p--) {
      const above = listItem(state.doc.line(p).text);
      if (!above && state.doc.line(p).text.trim()) break;
      if (above && above.indent < item.indent) {
        parentIndent = above.indent;
        break;
      }
    }
    return [{ from: line.from + parentIndent, to: line.from + item.indent }];
  });
  if (!changes.length) return true;
  dispatch(state.update({ changes, scrollIntoView: true, userEvent: 'delete.dedent' }));
  return true;
};

/**
 * Tab / Shift+Tab nest and un-nest list items (elsewhere they indent like any code editor). The view's
 * tab-focus mode stays on: Escape then Tab moves focus out of the editor, so the keyboard is never trapped.
 */
export function listIndent(): Extension {
  return Prec.high(
    keymap.of([
      { key: 'Tab', run: (v) => indentListItem(v) || indentMore(v) },
      { key: 'Shift-Tab', run: (v) => outdentListItem(v) || indentLess(v) },
    ]),
  );
}
