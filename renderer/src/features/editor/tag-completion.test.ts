import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { tagSource } from './tag-completion';

const tags = [
  { tag: 'partner/kaist', count: 3 },
  { tag: 'tech/radar', count: 12 },
];

function complete(doc: string) {
  const state = EditorState.create({ doc });
  return tagSource(() => tags)(new CompletionContext(state, doc.length, false));
}

describe('#tag completion', () => {
  it('offers the notebook’s tags after # at a word start, most used first', () => {
    const r = complete('Met with #par');
    expect(r?.from).toBe(9);
    expect(r?.options.map((o) => o.label)).toEqual(['#tech/radar', '#partner/kaist']);
    expect(complete('#')?.from).toBe(0);
  });

  it('stays out of words, URLs and headings being typed', () => {
    expect(complete('issue#12')).toBeNull();
    expect(complete('# Heading')).toBeNull();
    expect(complete('see https://x.org/a#frag')).toBeNull();
  });
});
