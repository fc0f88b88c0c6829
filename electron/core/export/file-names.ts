/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const MAX_STEM = 80;

/**
 * A file-name stem that is safe on Windows, macOS and Linux: no path separators or traversal,
 * no characters Windows forbids, no control characters, no reserved device names, no trailing dot or
 * space, bounded length; letters of every script are kept.
 */
export function safeStem(raw: string, fallback = 'Untitled'): string {
  let s = raw
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[. ]+$/, '');
  if ([...s].length > MAX_STEM)
    s = [...s]
      .slice(0, MAX_STEM)
      .join('')
      .replace(/[. ]+$/, '');
  if (!s) s = fallback;
  if (RESERVED.test(s.split('.')[0] ?? '')) s = `_${s}`;
  return s;
}

/** Hands out names unique case-insensitively within one folder: "Minutes", "Minutes (2)", … */
export class UniqueNames {
  private readonly used = new Set<string>();

  constructor(existing: Iterable<string> = []) {
    for (const name of existing) this.used.add(name.toLowerCase());
  }

  take(stem: string, extension = ''): string {
    let name = stem + extension;
    for (let i = 2; this.used.has(name.toLowerCase()); i++) name = `${stem} (${i})${extension}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}
