import { safeStem } from '../export/file-names.js';

/**
 * How a note body references an attachment: ordinary markdown with a relative path,
 * `![caption](attachments/<id>/<name>)` for images and `[name](attachments/<id>/<name>)` for other files.
 * The id finds the file; the name is what is shown and what the file is called on export (a rename
 * rewrites it). Paths are relative so an export only has to swap the folder (see export/attachments.ts).
 */
export const ATTACHMENT_PREFIX = 'attachments/';

/** One reference in a body. `name` is decoded; `start`/`end` cover the whole `[…](…)` (with the `!`). */
export type AttachmentRef = {
  id: string;
  name: string;
  text: string;
  image: boolean;
  start: number;
  end: number;
};

const REF = /(!?)\[((?:[^\]\\\n]|\\.)*)\]\(attachments\/([0-9a-f]{16,64})\/([^)\s]*)\)/g;

/** Percent-encodes what would end or break a markdown link destination; letters of every script stay readable. */
export function encodeName(name: string): string {
  return name.replace(/[%\s()<>#?\\[\]^`{|}"]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

export function decodeName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** Every attachment reference in a body, in order. */
export function findRefs(body: string): AttachmentRef[] {
  if (!body.includes(ATTACHMENT_PREFIX)) return [];
  const out: AttachmentRef[] = [];
  for (const m of body.matchAll(REF)) {
    out.push({
      id: m[3]!,
      name: decodeName(m[4]!),
      text: m[2]!,
      image: m[1] === '!',
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

/** Ids of the attachments a body references. */
export function referencedIds(body: string): Set<string> {
  return new Set(findRefs(body).map((r) => r.id));
}

/** The relative link target of an attachment: `attachments/<id>/<encoded name>`. */
export function refTarget(id: string, name: string): string {
  return `${ATTACHMENT_PREFIX}${id}/${encodeName(name)}`;
}

const escapeText = (s: string) => s.replace(/([[\]\\])/g, '\\$1');

/** The markdown to insert for an attachment: an image embed for images, a link for every other file. */
export function attachmentMarkdown(
  att: { id: string; name: string; mediaType: string },
  name = att.name,
): string {
  const image = att.mediaType.startsWith('image/');
  const caption = image ? name.replace(/\.[^.]+$/, '') : name;
  return `${image ? '!' : ''}[${escapeText(caption)}](${refTarget(att.id, name)})`;
}

/** Replaces each reference with what `fn` returns (the same text keeps it, '' removes it). */
export function rewriteRefs(body: string, fn: (ref: AttachmentRef) => string): string {
  const refs = findRefs(body);
  if (refs.length === 0) return body;
  let out = '';
  let at = 0;
  for (const r of refs) {
    out += body.slice(at, r.start) + fn(r);
    at = r.end;
  }
  return out + body.slice(at);
}

/** Takes every reference to `id` out of a body; a line that held only the reference goes with it. */
export function removeRefs(body: string, id: string): string {
  const refs = findRefs(body).filter((r) => r.id === id);
  let out = body;
  for (const r of refs.reverse()) {
    let start = r.start;
    let end = r.end;
    const lineStart = out.lastIndexOf('\n', start - 1) + 1;
    const nl = out.indexOf('\n', end);
    const lineEnd = nl < 0 ? out.length : nl;
    if (!out.slice(lineStart, start).trim() && !out.slice(end, lineEnd).trim()) {
      start = lineStart;
      end = nl < 0 ? lineEnd : nl + 1;
    }
    out = out.slice(0, start) + out.slice(end);
  }
  return out;
}

/** Re-renders one reference with a new shown name (caption follows when it was the old name). */
export function renamedRef(ref: AttachmentRef, name: string): string {
  const oldCaption = ref.image ? ref.name.replace(/\.[^.]+$/, '') : ref.name;
  const newCaption = ref.image ? name.replace(/\.[^.]+$/, '') : name;
  const text = ref.text === escapeText(oldCaption) || ref.text === '' ? escapeText(newCaption) : ref.text;
  return `${ref.image ? '!' : ''}[${text}](${refTarget(ref.id, name)})`;
}

/**
 * A file name safe on every file system (it becomes a real file on export): the stem through safeStem,
 * the extension kept if it is a plain one.
 */
export function safeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const m = /^(.*?)(\.[A-Za-z0-9]{1,10})?$/.exec(base.normalize('NFC'));
  const ext = m?.[2] ?? '';
  const stem = safeStem(m?.[1] || (ext ? '' : base), 'file');
  return `${stem}${ext}`;
}
