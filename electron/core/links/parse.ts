import { FENCED_CODE } from '../import/inline-tags.js';

/** A link written in a note body, as it stands in the text. */
export type ParsedLink = {
  /** where the link starts in the body and how long it is (the whole `[[…]]` or `[…](…)`) */
  offset: number;
  length: number;
  /** `wiki` for `[[…]]`, `markdown` for `[label](Other%20note.md)` */
  kind: 'wiki' | 'markdown';
  /** `![[…]]` / `![…](…)`: show the target inline instead of linking to it */
  embed: boolean;
  /** the target as written, without anchor or label (`Bases/Layouts`, `photo.png`; '' links to the note itself) */
  target: string;
  /** `[[Title#Heading]]` (nested headings joined with '#'), or null */
  heading: string | null;
  /** `[[Title#^block]]`, or null */
  block: string | null;
  /** `[[Title|label]]` / `[label](…)`, or null */
  label: string | null;
  /** true when the target names a file that is not a note (`x.png`, `report.pdf`): attachments resolve those */
  isFile: boolean;
};

/** A heading of a note (for `[[Title#` completion and heading links). */
export type Heading = { text: string; level: number; offset: number };
/** A block id (`^b15695` at a line end) and the text of its line. */
export type BlockRef = { id: string; text: string; offset: number };

const NOTE_EXTENSION = /\.(md|markdown)$/i;
/** A file name extension: up to 5 letters or digits, at least one letter (`Version 2.1` is a title). */
const FILE_EXTENSION = /\.(?=[A-Za-z0-9]{0,4}[A-Za-z])[A-Za-z0-9]{1,5}$/;

/** True when a link target names a file that is not a note (`![[whiteboard.jpg]]`, `[[Trial report.pdf]]`). */
export function looksLikeFile(target: string): boolean {
  const last = target.split('/').pop() ?? target;
  return FILE_EXTENSION.test(last) && !NOTE_EXTENSION.test(last);
}

/**
 * The body with code (fenced blocks, inline code spans) and HTML comments blanked out, offsets kept:
 * links and headings are looked for in this text, so `[[x]]` inside code stays text.
 */
export function maskCode(body: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  // Each pass only where its marker occurs: most notes have no code or comments at all.
  let text = body;
  if (text.includes('```') || text.includes('~~~')) text = text.replace(FENCED_CODE, blank);
  if (text.includes('<!--')) text = text.replace(/<!--[\s\S]*?(?:-->|$)/g, blank);
  if (text.includes('%%')) text = text.replace(/%%[\s\S]*?(?:%%|$)/g, blank); // Obsidian comments
  if (text.includes('`'))
    text = text.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, (m) => (m.includes('\n\n') ? m : blank(m)));
  return text;
}

const WIKI = /(!?)\[\[([^[\]\n]+?)\]\]/g;
const MARKDOWN = /(!?)\[((?:\\.|[^\]\\\n])*)\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;

function splitAnchor(target: string): { target: string; heading: string | null; block: string | null } {
  const hash = target.indexOf('#');
  if (hash < 0) return { target: target.trim(), heading: null, block: null };
  const anchor = target.slice(hash + 1).trim();
  const name = target.slice(0, hash).trim();
  if (anchor.startsWith('^')) return { target: name, heading: null, block: anchor.slice(1).trim() || null };
  const heading = anchor
    .split('#')
    .map((s) => s.trim())
    .filter(Boolean)
    .join('#');
  return { target: name, heading: heading || null, block: null };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function wikiLink(m: RegExpExecArray): ParsedLink | null {
  const inner = m[2]!;
  // In tables the label separator is written `\|`.
  const bar = inner.search(/\\?\|/);
  const label =
    bar < 0
      ? null
      : inner
          .slice(bar)
          .replace(/^\\?\|/, '')
          .trim() || null;
  const raw = bar < 0 ? inner : inner.slice(0, bar);
  const { target, heading, block } = splitAnchor(raw);
  if (!target && !heading && !block) return null;
  return {
    offset: m.index,
    length: m[0].length,
    kind: 'wiki',
    embed: m[1] === '!',
    target: target.replace(NOTE_EXTENSION, ''),
    heading,
    block,
    label,
    isFile: looksLikeFile(target),
  };
}

function markdownLink(m: RegExpExecArray): ParsedLink | null {
  let href = m[3]!;
  if (href.startsWith('<')) href = href.slice(1, -1);
  // Only relative links to note files: no scheme (http:, mailto:), no absolute path, no bare #anchor.
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || href.startsWith('#')) return null;
  const [pathPart, ...rest] = href.split('#');
  const file = decode(pathPart!);
  if (!NOTE_EXTENSION.test(file)) return null;
  const { heading, block } = splitAnchor('#' + decode(rest.join('#')));
  const target = file
    .replace(NOTE_EXTENSION, '')
    .split('/')
    .filter((s) => s && s !== '.' && s !== '..')
    .join('/');
  if (!target) return null;
  return {
    offset: m.index,
    length: m[0].length,
    kind: 'markdown',
    embed: m[1] === '!',
    target,
    heading: rest.length ? heading : null,
    block: rest.length ? block : null,
    label: m[2]!.trim() || null,
    isFile: false,
  };
}

/**
 * Every link of a note body in text order: Obsidian wikilinks and embeds (`[[Title]]`, `[[Title|label]]`,
 * `[[Title#Heading]]`, `[[Title#^block]]`, `![[Note]]`, `![[photo.png]]`) and markdown links to note files
 * (`[x](Other%20note.md)`), never inside code. Never throws.
 */
export function parseLinks(body: string): ParsedLink[] {
  if (!body.includes('[[') && !body.includes('](')) return [];
  const text = maskCode(body);
  const links: ParsedLink[] = [];
  if (body.includes('[['))
    for (const m of text.matchAll(WIKI)) {
      const link = wikiLink(m as RegExpExecArray);
      if (link) links.push(link);
    }
  // Markdown links are looked for outside wikilinks (a `[[a]](b.md)` is a wikilink followed by text).
  const outside = links.length ? blankRanges(text, links) : text;
  if (body.includes(']('))
    for (const m of outside.matchAll(MARKDOWN)) {
      const link = markdownLink(m as RegExpExecArray);
      if (link) links.push(link);
    }
  return links.sort((a, b) => a.offset - b.offset);
}

function blankRanges(text: string, ranges: readonly { offset: number; length: number }[]): string {
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += text.slice(at, r.offset) + ' '.repeat(r.length);
    at = r.offset + r.length;
  }
  return out + text.slice(at);
}

/** Headings (ATX `#` lines outside code) in order. */
export function parseHeadings(body: string): Heading[] {
  const out: Heading[] = [];
  for (const m of maskCode(body).matchAll(/^(#{1,6})[ \t]+(.+?)[ \t]*(?:[ \t]#+[ \t]*)?$/gm)) {
    const text = m[2]!.replace(/[ \t]+\^[A-Za-z0-9-]+$/, '').trim();
    if (text) out.push({ text, level: m[1]!.length, offset: m.index });
  }
  return out;
}

/** Block ids (`… ^b15695` at the end of a line, outside code). */
export function parseBlocks(body: string): BlockRef[] {
  const out: BlockRef[] = [];
  for (const m of maskCode(body).matchAll(/^(.*?)(?:^|[ \t])\^([A-Za-z0-9-]+)[ \t]*$/gm)) {
    out.push({ id: m[2]!, text: body.slice(m.index, m.index + m[1]!.length).trim(), offset: m.index });
  }
  return out;
}

/** The sentence (or line, at most ~240 characters) around a position of a body, for backlink context. */
export function sentenceAround(body: string, offset: number, length: number): string {
  const lineStart = body.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = body.indexOf('\n', offset + length);
  if (lineEnd < 0) lineEnd = body.length;
  let start = lineStart;
  const before = body.slice(lineStart, offset);
  const stop = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? '));
  if (stop >= 0) start = lineStart + stop + 2;
  let end = lineEnd;
  const after = body.slice(offset + length, lineEnd);
  const next = after.search(/[.!?](\s|$)/);
  if (next >= 0) end = offset + length + next + 1;
  const cutStart = offset - start > 120;
  const cutEnd = end - (offset + length) > 120;
  if (cutStart) start = offset - 120;
  if (cutEnd) end = offset + length + 120;
  const text = body
    .slice(start, end)
    .trim()
    .replace(/^(?:[-*+>]\s+|\d+[.)]\s+|#+\s+)/, '');
  return (cutStart ? '…' : '') + text + (cutEnd ? '…' : '');
}
