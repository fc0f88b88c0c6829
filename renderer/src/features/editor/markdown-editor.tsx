import { useEffect, useRef } from 'react';
import { Annotation, EditorState, Transaction, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** Marks a document replacement that came from outside (a merged save, another tab): not typing. */
const external = Annotation.define<boolean>();

/** A text to show, pushed in from outside; a new `rev` replaces what the editor holds. */
export type PushedDoc = { text: string; rev: number };

type Props = {
  doc: PushedDoc;
  /** called with the new text after the user changed it (not after a `doc` was pushed in) */
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
 * A CodeMirror 6 view in React: the editor owns the text while typing and reports it, so the parent may
 * render typing late (a transition) without ever pushing stale text back. A pushed `doc` (a merged or
 * adopted version, a toggled task) is applied as one minimal change outside the undo history, so Ctrl+Z
 * never undoes someone else's edit.
 */
export function MarkdownEditor({ doc, onChange, createExtensions, className, viewRef }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const initial = useRef(doc);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initial.current.text,
        extensions: [
          createExtensions(),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.some((tr) => tr.annotation(external))) return;
            onChangeRef.current(u.state.doc.toString());
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
    if (!v || doc === initial.current) return;
    const current = v.state.doc.toString();
    if (current === doc.text) return;
    v.dispatch({
      changes: diffChange(current, doc.text),
      annotations: [external.of(true), Transaction.addToHistory.of(false)],
    });
  }, [doc]);

  return <div ref={host} className={className} data-testid="body-editor" />;
}
