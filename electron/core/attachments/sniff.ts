import { fileTypeFromBuffer } from 'file-type';

/** Text formats recognised by name once the content is known to be text (the name never makes binary text). */
const TEXT_BY_EXTENSION: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  html: 'text/html',
  htm: 'text/html',
  svg: 'image/svg+xml',
  xml: 'application/xml',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 without NUL bytes (a multi-byte character cut at the end of the sample is allowed). */
function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  for (let cut = 0; cut < 4 && cut <= head.length; cut++) {
    try {
      utf8.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try without a possibly truncated last character
    }
  }
  return false;
}

/**
 * The media type of a file from its first bytes (BlobStore.put hands them back, so a sealed blob is not
 * read again): magic numbers via file-type, else UTF-8 text (refined by the extension among text formats
 * only), else application/octet-stream. The name is never trusted on its own.
 */
export async function sniffBytes(head: Uint8Array, name: string): Promise<string> {
  const found = await fileTypeFromBuffer(head).catch(() => undefined);
  if (found) return found.mime;
  if (head.length > 0 && looksLikeText(head)) {
    const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
    return TEXT_BY_EXTENSION[ext] ?? 'text/plain';
  }
  return 'application/octet-stream';
}

/** Whether extracted text can be searched (see extract.ts). */
export function isTextType(mediaType: string): boolean {
  return mediaType.startsWith('text/') || mediaType === 'application/json' || mediaType === 'application/xml';
}
