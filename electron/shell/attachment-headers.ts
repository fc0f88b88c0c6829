import type { Attachment } from '../domain/model.js';

/** Types a page may show inline; everything else is offered as a download. */
const INLINE =
  /^(image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml)|application\/pdf|text\/plain|video\/(mp4|webm)|audio\/(mpeg|ogg|wav|webm))$/;

/**
 * Response headers for serving an attachment, shared by browser mode (/files/…) and Electron's app scheme.
 * Files come from anywhere (a partner's PDF, an SVG from a vault), so they are kept inert: the sniffed type
 * only (nosniff), a sandboxing CSP (scripts in an SVG or HTML file never run with the app's origin), and
 * anything not plainly viewable is a download. PDFs skip the sandbox: Chromium's viewer runs them apart.
 */
export function attachmentHeaders(att: Attachment): Record<string, string> {
  const inline = INLINE.test(att.mediaType);
  const type = att.mediaType.startsWith('text/') ? `${att.mediaType}; charset=utf-8` : att.mediaType;
  return {
    'Content-Type': inline ? type : 'application/octet-stream',
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(att.name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(att.mediaType === 'application/pdf'
      ? {}
      : {
          'Content-Security-Policy':
            "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
        }),
  };
}
