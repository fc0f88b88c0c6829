// @vitest-environment jsdom
import { CompletionContext, type Completion } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { describe, expect, it } from 'vitest';
import type { LinkCompletion } from '../../../../electron/contract/index';
import { linkSource, type LinkLookup } from './link-completion';

const notes: LinkCompletion[] = [
  { id: 'a', title: 'Trial log Goheung', topicId: null, alias: null, insert: 'Trial log Goheung' },
  { id: 'b', title: 'Seeker plan', topicId: null, alias: 'Plan B', insert: 'Seeker plan' },
];
const asked: string[] = [];
const lookup: LinkLookup = {
  notes: async (q) => {
    asked.push(q);
    return notes;
  },
  headings: async (t) => (t === 'Seeker plan' ? ['Budget', 'Risks'] : []),
};

async function complete(doc: string) {
  const state = EditorState.create({ doc });
  return linkSource(lookup)(new CompletionContext(state, doc.length, false));
}

describe('[[link completion', () => {
  it('asks the core with what follows [[ and keeps its ranking', async () => {
    const r = await complete('See [[tri');
    expect(asked.at(-1)).toBe('tri');
    expect(r?.from).toBe(6);
    expect(r?.filter).toBe(false);
    expect(r?.options.map((o) => [o.label, o.detail])).toEqual([
      ['Trial log Goheung', undefined],
      ['Plan B', '→ Seeker plan'],
    ]);
  });

  it('offers headings after #, and nothing outside an open link', async () => {
    const r = await complete('x [[Seeker plan#Bu');
    expect(r?.from).toBe('x [[Seeker plan#'.length);
    expect(r?.options.map((o) => o.label)).toEqual(['Budget', 'Risks']);
    expect(await complete('x [[Nowhere#')).toBeNull();
    expect(await complete('x [[done]] and')).toBeNull();
    expect(await complete('plain text')).toBeNull();
  });

  it('inserts the title and closes the link once', async () => {
    for (const [doc, after] of [
      ['[[tri', ''],
      ['[[tri', ']]'],
    ] as const) {
      const view = new EditorView({
        state: EditorState.create({ doc: doc + after, selection: { anchor: doc.length } }),
      });
      const r = await linkSource(lookup)(new CompletionContext(view.state, doc.length, false));
      const opt = r!.options[0]! as Completion & {
        apply: (v: EditorView, c: Completion, f: number, t: number) => void;
      };
      opt.apply(view, opt, r!.from, doc.length);
      expect(view.state.doc.toString()).toBe('[[Trial log Goheung]]');
      expect(view.state.selection.main.head).toBe(view.state.doc.length);
      view.destroy();
    }
  });
});
