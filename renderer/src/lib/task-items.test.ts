import MarkdownIt from 'markdown-it';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setTaskChecked, taskItems } from './task-items';

const md = new MarkdownIt({ html: false }).use(taskItems);

/** The boxes the renderer emitted: [source line, checked]. */
function boxes(source: string): [number, boolean][] {
  return [...md.render(source).matchAll(/data-task-line="(\d+)" data-checked="(true|false)"/g)].map((m) => [
    Number(m[1]),
    m[2] === 'true',
  ]);
}

describe('task items', () => {
  it('renders a box per task item with its source line, and leaves the box text out', () => {
    const src =
      '# Actions\n\n- [ ] send MoU\n- [x] book room\n  - [ ] nested one\n\n1. [X] numbered\n\n> - [ ] quoted';
    expect(boxes(src)).toEqual([
      [2, false],
      [3, true],
      [4, false],
      [6, true],
      [8, false],
    ]);
    expect(md.render('- [ ] send MoU')).not.toContain('[ ]');
  });

  it('ignores brackets that are not a task box', () => {
    expect(boxes('- [link](x)\n- [] empty\n- [ ]\n\nplain [ ] text\n\n```\n- [ ] in code\n```')).toEqual([
      [2, false],
    ]);
    expect(md.render('- [x]y')).toContain('[x]y');
  });

  it('toggles exactly the box on the given line', () => {
    const src = '- [ ] a\n- [x] b\n> 2. [ ] c';
    expect(setTaskChecked(src, 0, true)).toBe('- [x] a\n- [x] b\n> 2. [ ] c');
    expect(setTaskChecked(src, 1, false)).toBe('- [ ] a\n- [ ] b\n> 2. [ ] c');
    expect(setTaskChecked(src, 2, true)).toBe('- [ ] a\n- [x] b\n> 2. [x] c');
    expect(setTaskChecked(src, 3, true)).toBeNull();
    expect(setTaskChecked('plain [ ] text', 0, true)).toBeNull();
  });

  it('every rendered box points at a line that toggles, and toggling changes only that line', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '- [ ] a',
        '- [x] b',
        '* [X] c',
        '1. [ ] d',
        '  - [ ] e',
        '> - [ ] f',
        '',
        'text',
        '- item',
        '```',
      ),
      fc.stringMatching(/^[-*> [\]x a-z1.]{0,12}$/),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const src = lines.join('\n');
        for (const [n, checked] of boxes(src)) {
          const next = setTaskChecked(src, n, !checked);
          expect(next).not.toBeNull();
          const a = src.split('\n');
          const b = next!.split('\n');
          expect(b.length).toBe(a.length);
          a.forEach((l, i) => (i === n ? expect(b[i]).not.toBe(l) : expect(b[i]).toBe(l)));
          expect(boxes(next!).find(([m]) => m === n)?.[1]).toBe(!checked);
        }
      }),
    );
  });
});
