/** Fenced code blocks (``` or ~~~), each up to its closing fence or the end of the text. */
export const FENCED_CODE = /^(```|~~~)[^\n]*\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))/gm;

/**
 * A CSS colour (`#ff0000`, `#00ff00aa`, `#1a2`, `#FFF`, `#fff`), not a tag; short all-letter words that
 * happen to be hex (`#beef`, `#add`) stay tags unless written in capitals or one repeated letter.
 */
function isColour(tag: string): boolean {
  if (/^(?:[0-9a-f]{6}|[0-9a-f]{8})$/i.test(tag)) return true;
  if (!/^[0-9a-f]{3,4}$/i.test(tag)) return false;
  return /\d/.test(tag) || tag === tag.toUpperCase() || new Set(tag.toLowerCase()).size === 1;
}

/**
 * `#tags` written in the text, as Obsidian reads them: after a space or at a line start, at least one
 * non-digit, not inside code (fenced or inline), not part of a URL or link target, and not a heading
 * (`# Title` has a space after the hash).
 */
export function inlineTags(markdown: string): string[] {
  const text = markdown
    .replace(FENCED_CODE, ' ')
    .replace(/<(style|script)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ') // CSS and scripts
    .replace(/`[^`\n]*`/g, ' ') // inline code
    .replace(/\]\([^)]*\)/g, ' ') // link targets
    .replace(/<[^>]*>/g, ' ') // autolinks and html (attributes may span lines)
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' '); // bare URLs (with #fragments)
  const tags = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s(,;])#([\p{L}\p{N}_/-]*[\p{L}_][\p{L}\p{N}_/-]*)/gu)) {
    const tag = m[1]!.replace(/[/-]+$/, '');
    if (tag && !isColour(tag)) tags.add(tag);
  }
  return [...tags];
}
