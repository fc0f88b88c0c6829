import { EditorSelection, Prec, type Extension, type StateCommand } from '@codemirror/state';
import { keymap } from '@codemirror/view';

/** Wraps each selection in `mark` (or unwraps it when it already is); an empty selection gets the caret inside. */
export function toggleWrap(mark: string): StateCommand {
  return ({ state, dispatch }) => {
    const n = mark.length;
    dispatch(
      state.update(
        state.changeByRange((r) => {
          const before = state.sliceDoc(r.from - n, r.from);
          const after = state.sliceDoc(r.to, r.to + n);
          if (before === mark && after === mark) {
            return {
              changes: [
                { from: r.from - n, to: r.from },
                { from: r.to, to: r.to + n },
              ],
              range: EditorSelection.range(r.from - n, r.to - n),
            };
          }
          return {
            changes: [
              { from: r.from, insert: mark },
              { from: r.to, insert: mark },
            ],
            range: EditorSelection.range(r.from + n, r.to + n),
          };
        }),
        { userEvent: 'input.format', scrollIntoView: true },
      ),
    );
    return true;
  };
}

/** Makes the selection a link `[text](url)` with `url` selected, ready to be typed over. */
export const insertLink: StateCommand = ({ state, dispatch }) => {
  dispatch(
    state.update(
      state.changeByRange((r) => {
        const text = state.sliceDoc(r.from, r.to);
        const isUrl = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text);
        const insert = isUrl ? `[](${text})` : `[${text}](url)`;
        // Caret in the part still to be written: the text for a pasted URL, else the url placeholder.
        const anchor = isUrl ? r.from + 1 : r.from + text.length + 3;
        const head = isUrl ? anchor : anchor + 3;
        return { changes: { from: r.from, to: r.to, insert }, range: EditorSelection.range(anchor, head) };
      }),
      { userEvent: 'input.format', scrollIntoView: true },
    ),
  );
  return true;
};

/** Sets the heading level of the selected lines (0 makes them plain paragraphs); the same level again clears it. */
export function setHeading(level: number): StateCommand {
  return ({ state, dispatch }) => {
    const seen = new Set<number>();
    const changes = [];
    for (const r of state.selection.ranges) {
      for (let pos = r.from; pos <= r.to;) {
        const line = state.doc.lineAt(pos);
        pos = line.to + 1;
        if (seen.has(line.number)) continue;
        seen.add(line.number);
        const m = /^(#{1,6})\s+/.exec(line.text);
        const current = m ? m[1]!.length : 0;
        const target = current === level ? 0 : level;
        const insert = target ? `${'#'.repeat(target)} ` : '';
        changes.push({ from: line.from, to: line.from + (m ? m[0].length : 0), insert });
      }
    }
    dispatch(state.update({ changes, userEvent: 'input.format', scrollIntoView: true }));
    return true;
  };
}

/** Bold, italic, link and heading shortcuts. */
export function formatCommands(): Extension {
  return Prec.high(
    keymap.of([
      { key: 'Mod-b', run: toggleWrap('**') },
      { key: 'Mod-i', run: toggleWrap('*') },
      { key: 'Mod-k', run: insertLink },
      { key: 'Mod-Alt-1', run: setHeading(1) },
      { key: 'Mod-Alt-2', run: setHeading(2) },
      { key: 'Mod-Alt-3', run: setHeading(3) },
      { key: 'Mod-Alt-0', run: setHeading(0) },
    ]),
  );
}
