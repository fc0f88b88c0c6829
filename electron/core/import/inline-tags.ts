/** Fenced code blocks (``` or ~~~), each up to its closing fence or the end of the text. */
export const FENCED_CODE = /^(```|~~~)[^\n]*\n[\s\S]*?(?:^\1[^\n]*$|(?![\s\S]))/gm;

/**
 * `#tags` written in the text, as Obsidian reads them: after a space or at a line start, at least one
 * non-digit, not inside code (fenced or inline), not part of a URL or link target, and not a heading
 * (`# Title` has a space after the hash).
 */
export function inlineTags(markdown: string): string[] {
  const text = markdown
    .replace(FENCED_CODE, ' ')
    .replace(/`[^`\n]*`/g, ' ') // inline code
    .replace(/\]\([^)]*\)/g, ' ') // link targets
    .replace(/<[^>\n]*>/g, ' ') // autolinks and html
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' '); // bare URLs (with #fragments)
  const tags = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s(,;])#([\p{L}\p{N}_/-]*[\p{L}_][\p{L}\p{N}_/-]*)/gu)) {
    const tag = m[1]!.replace(/[/-]+$/, '');
    if (tag) tags.add(tag);
  }
  return [...tags];
}
