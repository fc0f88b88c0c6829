import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attachmentMarkdown, findRefs, removeRefs, renamedRef, rewriteRefs, safeFileName } from './refs.js';

// The body reference form: what attaching writes is what the parser reads back, for any name.

const id = fc.stringMatching(/^[0-9a-f]{16}$/);
const anyName = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });

describe('attachment references', () => {
  it('reads back every name and id it wrote, amid any text (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(id, anyName, fc.constantFrom('image/png', 'application/pdf')), { maxLength: 5 }),
        fc.array(
          fc.string({ maxLength: 30 }).map((s) => s.replace(/[[\]()!]/g, ' ')),
          { minLength: 6, maxLength: 6 },
        ),
        (atts, texts) => {
          const names = atts.map(([, n]) => safeFileName(n));
          const body =
            atts
              .map(
                ([i, , mediaType], k) => texts[k] + attachmentMarkdown({ id: i, name: names[k]!, mediaType }),
              )
              .join('') + texts[5];
          const refs = findRefs(body);
          expect(refs.map((r) => [r.id, r.name, r.image])).toEqual(
            atts.map(([i, , t], k) => [i, names[k], t.startsWith('image/')]),
          );
          // Rewriting each reference to itself changes nothing.
          expect(rewriteRefs(body, (r) => body.slice(r.start, r.end))).toBe(body);
        },
      ),
    );
  });

  it('safe file names are stable and never carry a path', () => {
    fc.assert(
      fc.property(anyName, (raw) => {
        const name = safeFileName(raw);
        expect(safeFileName(name)).toBe(name);
        expect(name).not.toMatch(/[/\\\u0000-\u001f<>:"|?*]/);
        expect(name.length).toBeGreaterThan(0);
      }),
    );
  });

  it('removing a reference takes its line when it stood alone, and nothing else', () => {
    const ref = '![p](attachments/0123456789abcdef/p.png)';
    const other = '[q.pdf](attachments/fedcba9876543210/q.pdf)';
    const body = `Intro\n\n\n\nkept gap above\n${ref}\nsee ${ref} inline\n${other}\n${ref}`;
    expect(removeRefs(body, '0123456789abcdef')).toBe(`Intro\n\n\n\nkept gap above\nsee  inline\n${other}\n`);
  });

  it('a rename keeps a caption someone wrote and follows one that was the old name', () => {
    const body =
      '![whiteboard](attachments/0123456789abcdef/whiteboard.png) ![my caption](attachments/0123456789abcdef/whiteboard.png)';
    const out = rewriteRefs(body, (r) => renamedRef(r, 'board 2.png'));
    expect(out).toBe(
      '![board 2](attachments/0123456789abcdef/board%202.png) ![my caption](attachments/0123456789abcdef/board%202.png)',
    );
  });
});
