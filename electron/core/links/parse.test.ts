import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { looksLikeFile, parseBlocks, parseHeadings, parseLinks, sentenceAround } from './parse.js';

const pick = (body: string) =>
  parseLinks(body).map(({ target, heading, block, label, embed, kind, isFile }) => ({
    target,
    heading,
    block,
    label,
    embed,
    kind,
    isFile,
  }));

describe('link parser', () => {
  it('reads every Obsidian form and markdown links to note files', () => {
    const body = [
      'See [[Kick-off meeting]] and [[kick-off meeting|the kick-off]].',
      'Details in [[Radar trade-offs#Clutter model#Sea state]] and [[Trial log#^b15695]].',
      '![[Whiteboard 2025-03-04.jpg]] ![[Action list]] ![[Action list#Open]]',
      '[minutes](Other%20note.md) [deep](../Seeker/Sub%20folder/Radome.md#Materials) <https://x.org/a.md>',
      '[web](https://example.org/page.md) [anchor](#local) [[Bases/Layouts/Cards]] [[Note.md]]',
      '| a | [[Table link\\|shown]] |',
    ].join('\n');
    expect(pick(body)).toEqual([
      {
        target: 'Kick-off meeting',
        heading: null,
        block: null,
        label: null,
        embed: false,
        kind: 'wiki',
        isFile: false,
      },
      {
        target: 'kick-off meeting',
        heading: null,
        block: null,
        label: 'the kick-off',
        embed: false,
        kind: 'wiki',
        isFile: false,
      },
      {
        target: 'Radar trade-offs',
        heading: 'Clutter model#Sea state',
        block: null,
        label: null,
        embed: false,
        kind: 'wiki',
        isFile: false,
      },
      {
        target: 'Trial log',
        heading: null,
        block: 'b15695',
        label: null,
        embed: false,
        kind: 'wiki',
        isFile: false,
      },
      {
        target: 'Whiteboard 2025-03-04.jpg',
        heading: null,
        block: null,
        label: null,
        embed: true,
        kind: 'wiki',
        isFile: true,
      },
      {
        target: 'Action list',
        heading: null,
        block: null,
        label: null,
        embed: true,
        kind: 'wiki',
        isFile: false,
      },
      {
        target: 'Action list',
        heading: 'Open',
        block: null,
        label: null,
        embed: true,
        kind: 'wiki',
        isFile: false,
      },
      {
        target: 'Other note',
        heading: null,
        block: null,
        label: 'minutes',
        embed: false,
        kind: 'markdown',
        isFile: false,
      },
      {
        target: 'Seeker/Sub folder/Radome',
        heading: 'Materials',
        block: null,
        label: 'deep',
        embed: false,
        kind: 'markdown',
        isFile: false,
      },
      {
        target: 'Bases/Layouts/Cards',
        heading: null,
        block: null,
        label: null,
        embed: false,
        kind: 'wiki',
        isFile: false,
      },
      { target: 'Note', heading: null, block: null, label: null, embed: false, kind: 'wiki', isFile: false },
      {
        target: 'Table link',
        heading: null,
        block: null,
        label: 'shown',
        embed: false,
        kind: 'wiki',
        isFile: false,
      },
    ]);
  });

  it('never reads links inside code spans, fenced blocks or comments', () => {
    const body = [
      'Real [[A]]; code `[[B]]` and ``[[C]] with ` tick``.',
      '```md',
      '[[D]] [x](E.md)',
      '```',
      '~~~',
      '[[F]]',
      '~~~',
      '<!-- [[G]] --> %% [[H]] %% [[I]]',
    ].join('\n');
    expect(parseLinks(body).map((l) => l.target)).toEqual(['A', 'I']);
  });

  it('offsets and lengths cover the link text exactly', () => {
    const body = 'x ![[Émile#^a1|lbl]] y [z](W%C3%BC.md) ';
    const [a, b] = parseLinks(body);
    expect(body.slice(a!.offset, a!.offset + a!.length)).toBe('![[Émile#^a1|lbl]]');
    expect(body.slice(b!.offset, b!.offset + b!.length)).toBe('[z](W%C3%BC.md)');
    expect(b!.target).toBe('Wü');
  });

  it('tells files from notes', () => {
    expect(looksLikeFile('scan.pdf')).toBe(true);
    expect(looksLikeFile('Trials/clip.MP4')).toBe(true);
    expect(looksLikeFile('Version 2.1')).toBe(false);
    expect(looksLikeFile('Minutes 2025.03.04')).toBe(false);
    expect(looksLikeFile('Kick-off meeting')).toBe(false);
    expect(looksLikeFile('Note.md')).toBe(false);
  });

  it('finds headings and block ids outside code, and the sentence around a link', () => {
    const body =
      '# Kick-off\n\n## Action items ^act\n```\n# not a heading ^nope\n```\nDecided. Radar first ^r1\n';
    expect(parseHeadings(body).map((h) => [h.level, h.text])).toEqual([
      [1, 'Kick-off'],
      [2, 'Action items'],
    ]);
    expect(parseBlocks(body).map((b) => [b.id, b.text])).toEqual([
      ['act', '## Action items'],
      ['r1', 'Decided. Radar first'],
    ]);
    const text = 'First point. We agreed with [[KAIST]] on the radar. Next point.';
    const at = text.indexOf('[[');
    expect(sentenceAround(text, at, 9)).toBe('We agreed with [[KAIST]] on the radar.');
  });

  it('never throws and every link it reports lies inside the body (fast-check)', () => {
    const piece = fc.constantFrom(
      '[[',
      ']]',
      '[',
      ']',
      '(',
      ')',
      '!',
      '#',
      '^',
      '|',
      '\\|',
      '`',
      '```\n',
      '.md',
      '%',
      '%%',
      '<!--',
      '-->',
      '\n',
      ' ',
      'a',
      'Ü',
      '/',
      '..',
    );
    const body = fc.oneof(
      fc.string(),
      fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(body, (b) => {
        const links = parseLinks(b);
        parseHeadings(b);
        parseBlocks(b);
        for (const l of links) {
          expect(l.offset).toBeGreaterThanOrEqual(0);
          expect(l.offset + l.length).toBeLessThanOrEqual(b.length);
          expect(b.slice(l.offset).startsWith(l.embed ? '!' : '[')).toBe(true);
          sentenceAround(b, l.offset, l.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
