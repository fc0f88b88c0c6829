import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';

/** A file on its way: shown at its insertion point, which moves with edits made meanwhile. */
class UploadWidget extends WidgetType {
  constructor(readonly label: string) {
    super();
  }
  override eq(other: UploadWidget): boolean {
    return other.label === this.label;
  }
  toDOM(): HTMLElement {
    const el = document.createElement('span');
    el.className = 'cm-upload';
    el.textContent = `⏳ ${this.label}`;
    el.setAttribute('role', 'status');
    return el;
  }
}

const add = StateEffect.define<{ id: number; pos: number; label: string }>({
  map: (v, mapping) => ({ ...v, pos: mapping.mapPos(v.pos) }),
});
const remove = StateEffect.define<number>();

/** The uploads in progress, as widgets that are not part of the text (nothing of them is ever saved). */
const uploads = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(set, tr) {
    let next = set.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(add)) {
        const deco = Decoration.widget({ widget: new UploadWidget(e.value.label), side: 1, id: e.value.id });
        next = next.update({ add: [deco.range(e.value.pos)] });
      } else if (e.is(remove)) {
        next = next.update({ filter: (_f, _t, d) => d.spec.id !== e.value });
      }
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The upload placeholders' state; part of the note editor's extensions. */
export function uploadPlaceholders(): Extension {
  return uploads;
}

let nextId = 1;

/** A line holding only an attachment reference (as attaching writes them). */
const ATTACHMENT_LINE = /^\s*!?\[[^\]]*\]\(<?attachments\/[0-9a-f]{16,64}\/[^)]*\)\s*$/;

/** Shows "⏳ name" at `pos` until finishUpload; returns the placeholder's id. */
export function startUpload(view: EditorView, pos: number, label: string): number {
  const id = nextId++;
  view.dispatch({ effects: add.of({ id, pos, label }) });
  return id;
}

/**
 * Ends an upload: inserts `markdown` where its placeholder stands now (on a line of its own, so images
 * and file cards render as blocks) or, with null, just removes the placeholder.
 */
export function finishUpload(view: EditorView, id: number, markdown: string | null): void {
  let pos: number | null = null;
  view.state.field(uploads).between(0, view.state.doc.length, (from, _to, deco) => {
    if (deco.spec.id === id) pos = from;
  });
  if (pos === null) return;
  const at: number = pos;
  if (markdown === null) {
    view.dispatch({ effects: remove.of(id) });
    return;
  }
  const { doc } = view.state;
  const line = doc.lineAt(at);
  const textBefore = line.text.slice(0, at - line.from);
  const textAfter = line.text.slice(at - line.from);
  const prev = line.number > 1 ? doc.line(line.number - 1).text : '';
  const next = line.number < doc.lines ? doc.line(line.number + 1).text : '';
  // Its own paragraph (a blank line from text around it); next to another attachment one line break is
  // enough, so a run of files stays together as a row of cards.
  const gap = (neighbour: string) => (!neighbour.trim() || ATTACHMENT_LINE.test(neighbour) ? '\n' : '\n\n');
  const before = textBefore ? gap(textBefore) : prev.trim() && !ATTACHMENT_LINE.test(prev) ? '\n' : '';
  const after = textAfter ? gap(textAfter) : next.trim() && !ATTACHMENT_LINE.test(next) ? '\n' : '';
  const insert = `${before}${markdown}${after}`;
  view.dispatch({
    changes: { from: at, insert },
    effects: remove.of(id),
    userEvent: 'input.attach',
    ...(view.hasFocus ? { selection: { anchor: at + before.length + markdown.length } } : {}),
  });
}
