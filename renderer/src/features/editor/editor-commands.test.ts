import { EditorSelection, EditorState, type StateCommand, type Transaction } from '@codemirror/state';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertLink, setHeading, toggleWrap } from './format-commands';
import { indentListItem, outdentListItem } from './list-indent';

/** Runs a command on a document with the caret (or selection) marked by `|` … `|`, returns doc and selection. */
function run(
  cmd: StateCommand,
  doc: string,
  anchor?: number,
  head?: number,
): { doc: string; sel: [number, number]; handled: boolean } {
  let state = EditorState.create({
    doc,
    selection: EditorSelection.single(anchor ?? doc.length, head ?? anchor ?? doc.length),
  });
  const handled = cmd({
    state,
    dispatch: (tr: Transaction) => {
      state = tr.state;
    },
  });
  const r = state.selection.main;
  return { doc: state.doc.toString(), sel: [r.anchor, r.head], handled };
}

describe('list indentation', () => {
  it('nests an item under the one above, at its text column', () => {
    expect(run(indentListItem, '- a\n- b', 6).doc).toBe('- a\n  - b');
    expect(run(indentListItem, '1. a\n2. b', 8).doc).toBe('1. a\n   2. b');
    expect(run(indentListItem, '- a\n  - b\n  - c', 15).doc).toBe('- a\n  - b\n    - c');
  });

  it('un-nests to the parent level and stops at the margin', () => {
    expect(run(outdentListItem, '- a\n  - b', 9).doc).toBe('- a\n- b');
    expect(run(outdentListItem, '1. a\n   - b', 11).doc).toBe('1. a\n- b');
    expect(run(outdentListItem, '- a', 3)).toMatchObject({ doc: '- a', handled: true });
  });

  it('leaves lines that are not list items to the default Tab', () => {
    expect(run(indentListItem, 'plain text', 3).handled).toBe(false);
    expect(run(outdentListItem, 'plain text', 3).handled).toBe(false);
  });

  it('indents every selected item, and Shift+Tab after Tab gives the same text back', () => {
    const item = fc.tuple(
      fc.constantFrom('-', '*', '+', '1.', '2)', '10.'),
      fc.stringMatching(/^[a-z ]{0,8}$/),
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 2, maxLength: 6 }), fc.nat(), (items, pick) => {
        const doc = items.map(([m, t]) => `${m} ${t}`).join('\n');
        const lines = doc.split('\n');
        const n = 1 + (pick % (lines.length - 1)); // not the first: it has nothing to nest under
        const pos = lines.slice(0, n).join('\n').length + 1;
        const indented = run(indentListItem, doc, pos);
        expect(indented.doc).not.toBe(doc);
        expect(run(outdentListItem, indented.doc, indented.sel[0]).doc).toBe(doc);
      }),
    );
  });
});

describe('format commands', () => {
  it('wraps a selection in bold and unwraps it again', () => {
    const bold = run(toggleWrap('**'), 'make this strong', 10, 16);
    expect(bold.doc).toBe('make this **strong**');
    expect(bold.sel).toEqual([12, 18]);
    expect(run(toggleWrap('**'), bold.doc, 12, 18).doc).toBe('make this strong');
  });

  it('puts the caret between the marks when nothing is selected', () => {
    expect(run(toggleWrap('*'), 'x ', 2)).toMatchObject({ doc: 'x **', sel: [3, 3] });
  });

  it('makes a link with the url to type selected, or the text to type when a URL was selected', () => {
    expect(run(insertLink, 'see paper', 4, 9)).toMatchObject({ doc: 'see [paper](url)', sel: [12, 15] });
    expect(run(insertLink, 'https://x.org/a', 0, 15)).toMatchObject({
      doc: '[](https://x.org/a)',
      sel: [1, 1],
    });
  });

  it('sets, changes and clears a heading', () => {
    expect(run(setHeading(2), 'Results', 0).doc).toBe('## Results');
    expect(run(setHeading(1), '## Results', 0).doc).toBe('# Results');
    expect(run(setHeading(1), '# Results', 0).doc).toBe('Results');
    expect(run(setHeading(0), '### Results', 0).doc).toBe('Results');
  });
});
