// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadMath, mathReady, renderMarkdown, type EmbeddedNote } from './markdown';

const dom = (html: string) => {
  const el = document.createElement('div');
  el.innerHTML = html;
  return el;
};

describe('Obsidian-flavoured preview', () => {
  it('renders callouts with a title, foldable ones as details', () => {
    const el = dom(
      renderMarkdown('> [!warning] Mind the gap\n> Body **here**\n\n> [!tip]- Folded\n> hidden text'),
    );
    const [plain, folded] = el.querySelectorAll('.callout');
    expect(plain!.tagName).toBe('DIV');
    expect(plain!.getAttribute('data-callout')).toBe('warning');
    expect(plain!.querySelector('.callout-title')!.textContent).toBe('Mind the gap');
    expect(plain!.querySelector('strong')!.textContent).toBe('here');
    expect(plain!.textContent).not.toContain('[!warning]');
    expect(folded!.tagName).toBe('DETAILS');
    expect(folded!.hasAttribute('open')).toBe(false);
    expect(folded!.querySelector('summary')!.textContent).toBe('Folded');
    const open = dom(renderMarkdown('> [!note]+\n> x')).querySelector('details.callout')!;
    expect(open.hasAttribute('open')).toBe(true);
    expect(open.querySelector('summary')!.textContent).toBe('Note');
  });

  it('keeps a plain block quote a block quote', () => {
    expect(dom(renderMarkdown('> just [quoted]')).querySelector('blockquote')).not.toBeNull();
  });

  it('marks ==highlights== and hides block ids as anchors', () => {
    const el = dom(renderMarkdown('A ==bright== idea ^b15695\n\n- item ^li-2'));
    expect(el.querySelector('mark')!.textContent).toBe('bright');
    const p = el.querySelector('[data-block="b15695"]')!;
    expect(p.tagName).toBe('P');
    expect(p.textContent!.trim()).toBe('A bright idea');
    expect(el.textContent).not.toContain('^');
    expect(el.querySelector('[data-block="li-2"]')).not.toBeNull();
  });

  it('turns wikilinks into anchors carrying their target, anchor and label', () => {
    const el = dom(
      renderMarkdown('See [[Trial log|the log]], [[Plan#Budget]] and [[Plan#^b1]]. `[[not a link]]`'),
    );
    const links = [...el.querySelectorAll<HTMLAnchorElement>('a.wikilink')];
    expect(links.map((a) => [a.dataset.target, a.dataset.anchor ?? null, a.textContent])).toEqual([
      ['Trial log', null, 'the log'],
      ['Plan', 'Budget', 'Plan > Budget'],
      ['Plan', '^b1', 'Plan > b1'],
    ]);
    expect(el.querySelector('code')!.textContent).toBe('[[not a link]]');
  });

  it('embeds notes and their sections, stopping cycles and depth', () => {
    const a: EmbeddedNote = { id: 'a', title: 'A', body: '# A\nalpha\n![[B]]' };
    const b: EmbeddedNote = {
      id: 'b',
      title: 'B',
      body: 'beta\n\n## Part\npart text\n## Next\nnext\n\n![[A]]',
    };
    const embeds = new Map([
      ['A', a],
      ['B', b],
      ['B#Part', b],
    ]);
    const el = dom(renderMarkdown('![[A]]\n\nand ![[B#Part]]\n\n![[Missing]]', { embeds, chain: ['self'] }));
    const outer = el.querySelector(':scope > .embed[data-embed-id="a"]')!;
    expect(outer.textContent).toContain('alpha');
    const inner = outer.querySelector('.embed[data-embed-id="b"]')!;
    expect(inner.textContent).toContain('beta');
    // B embeds A again: the cycle shows a link, not a third copy.
    expect(inner.querySelector('.embed-stopped a.wikilink')!.getAttribute('data-target')).toBe('A');
    const section = el.querySelectorAll('.embed[data-embed-id="b"]')[1]!;
    expect(section.textContent).toContain('part text');
    expect(section.textContent).not.toContain('next');
    expect(el.querySelector('.embed-missing a.wikilink')!.getAttribute('data-target')).toBe('Missing');
  });

  it('keeps the footnotes of the note out of its embeds', () => {
    const embeds = new Map([['A', { id: 'a', title: 'A', body: 'alpha' }]]);
    const el = dom(renderMarkdown('x[^1]\n\n![[A]]\n\n[^1]: foot', { embeds }));
    expect(el.querySelectorAll('.footnotes').length).toBe(1);
  });

  it('renders footnotes and KaTeX math, keeping only KaTeX length styles', async () => {
    // Before KaTeX is loaded (it loads on demand), math shows as its source.
    expect(mathReady()).toBe(false);
    expect(dom(renderMarkdown('and $x^2$')).textContent).toContain('$x^2$');
    await loadMath();
    const el = dom(renderMarkdown('Text[^1] and $x^2$\n\n$$\n\\frac{a}{b}\n$$\n\n[^1]: The note.'));
    expect(el.querySelector('.footnotes')!.textContent).toContain('The note.');
    expect(el.querySelector('sup.footnote-ref a')).not.toBeNull();
    expect(el.querySelectorAll('.katex').length).toBeGreaterThanOrEqual(2);
    expect(el.querySelector('.katex-display')).not.toBeNull();
    const styled = [...el.querySelectorAll('[style]')];
    expect(styled.length).toBeGreaterThan(0);
    for (const s of styled) expect(s.closest('.katex')).not.toBeNull();
    // A bad formula shows its source instead of throwing.
    expect(dom(renderMarkdown('$\\frac{$')).textContent).toContain('frac');
  });

  it('stays sanitised: no scripts, handlers, styles or remote loads from any syntax', () => {
    const html = renderMarkdown(
      [
        '<script>alert(1)</script><img src=x onerror=alert(1)>',
        '[[x" onmouseover="alert(1)]]',
        '> [!note"><img src=x onerror=alert(1)>] t',
        '$\\href{javascript:alert(1)}{x}$ $\\htmlStyle{background:url(http://e/x)}{y}$',
        '![remote](http://example.com/a.png)',
        '[^a]: <b onclick=x>fn</b>\n\nx[^a]',
      ].join('\n\n'),
    );
    const el = dom(html);
    expect(el.querySelector('script, style, iframe')).toBeNull();
    for (const n of el.querySelectorAll('*')) {
      for (const a of n.attributes) expect(a.name.startsWith('on')).toBe(false);
      const style = n.getAttribute('style');
      if (style) expect(style).not.toMatch(/url|expression|background/i);
    }
    expect(el.querySelector('img[src]')).toBeNull();
    expect(el.querySelector('[href^="javascript" i]')).toBeNull();
  });

  it('never throws, whatever the input', () => {
    const piece = fc.constantFrom(
      '[[',
      ']]',
      '![[',
      '|',
      '#',
      '^',
      '> ',
      '[!note]',
      '[!tip]-',
      '==',
      '$',
      '$$',
      '\\frac{',
      '[^1]',
      '[^1]: ',
      '\n',
      '\n\n',
      '- ',
      '```',
      '`',
      '*',
      '<b>',
      'x',
      ' ',
      '{',
      '}',
      '%',
      '\\',
    );
    const body = fc
      .array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 40 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(body, body, (a, b) => {
        const embeds = new Map([['x', { id: 'x', title: 'x', body: b + '![[x]]' }]]);
        expect(typeof renderMarkdown(a, { embeds })).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('linkTargets', () => {
  it('lists note targets of wikilinks and .md links, not files', async () => {
    const { linkTargets } = await import('./obsidian-markdown');
    expect(
      linkTargets(
        '[[Plan#Budget|b]] ![[Seeker]] [[photo.png]] [x](Other%20note.md#h) [y](https://a.org/b.md) [[Version 2.1]]',
      ),
    ).toEqual(['plan', 'seeker', 'version 2.1', 'other note.md']);
  });
});
