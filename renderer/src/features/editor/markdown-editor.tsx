import { useEffect, useRef } from 'react';
import { Annotation, EditorState, Transaction, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** Marks a document replacement that came from outside (a merged save, another tab): not typing. */
const external = Annotation.define<boolean>();

type Props = {
  value: string;
  /** called with the new text after the user changed it (not after `value` was pushed in) */
  onChange: (text: string) => void;
  /** called once when the view is created */
  createExtensions: () => Extension;
  className?: string;
  /** receives the view, for commands from outside (insert at the caret, focus) */
  viewRef?: { current: EditorView | null };
};

/** The smallest single change turning `a` into `b`, so the caret and scroll stay where they were. */
function diffChange(a: string, b: string): { from: number; to: number; insert: string } {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return { from: start, to: endA, insert: b.slice(start, endB) };
}

/**
 * A CodeMirror 6 view as a controlled-ish React component: the editor owns the text while typing and
 * reports it; a `value` that differs from what it last reported (a merged or adopted version) is applied
 * as one minimal change outside the undo history, so Ctrl+Z never undoes someone else's edit.
 */
export function MarkdownEditor({ value, onChange, createExtensions, className, viewRef }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  /** the text the editor last reported or was given: a `value` equal to it needs no work */
  const known = useRef(value);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: known.current,
        extensions: [
          createExtensions(),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.some((tr) => tr.annotation(external))) return;
            const text = u.state.doc.toString();
            known.current = text;
            onChangeRef.current(text);
          }),
        ],
      }),
    });
    view.current = v;
    if (viewRef) viewRef.current = v;
    return () => {
      v.destroy();
      view.current = null;
      if (viewRef) viewRef.current = null;
    };
    // The extensions are read once per mounted editor (a note change remounts it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || value === known.current) return;
    known.current = value;
    const current = v.state.doc.toString();
    if (current === value) return;
    v.dispatch({
      changes: diffChange(current, value),
      annotations: [external.of(true), Transaction.addToHistory.of(false)],
    });
  }, [value]);

  return <div ref={host} className={className} data-testid="body-editor" />;
}
