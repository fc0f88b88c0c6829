import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';
import { highlightCode } from './code-highlight';
import { taskItems } from './task-items';
import { attachmentIdOf, attachmentUrl } from '../features/attachments/api';

// Raw HTML off in markdown-it, then DOMPurify as the second wall: no script, no handlers, no remote loads.
// The only URLs an image may load are data: images and the note's own attachments (served same-origin
// from /files/, which the CSP's img-src 'self' allows).
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight: highlightCode });
md.use(taskItems);

/**
 * `attachments/<id>/<name>` → `/files/<id>/<name>` with the name as one encoded path segment (a `../` in
 * a hand-written link cannot point the page anywhere else); null for any other link.
 */
function attachmentTarget(href: string): { id: string; url: string } | null {
  const id = attachmentIdOf(href);
  if (!id) return null;
  const raw = href.slice(`attachments/${id}/`.length);
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // a stray % stays as typed
  }
  return { id, url: attachmentUrl(id, name || 'file') };
}

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'IMG') {
    const src = node.getAttribute('src') ?? '';
    const local = attachmentTarget(src);
    if (local) {
      node.setAttribute('src', local.url);
      node.setAttribute('data-attachment-id', local.id);
      node.setAttribute('loading', 'lazy');
    } else if (!src.startsWith('data:image/')) {
      node.setAttribute('data-blocked-src', src);
      node.removeAttribute('src');
      node.setAttribute('alt', `[remote image not loaded: ${node.getAttribute('alt') || src}]`);
    }
  }
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    const local = attachmentTarget(href);
    if (local) {
      node.setAttribute('href', local.url);
      node.setAttribute('data-attachment-id', local.id);
    }
    node.setAttribute('rel', 'noreferrer noopener');
    node.setAttribute('target', '_blank');
  }
});

/** Markdown to sanitised HTML for the preview pane. */
export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(md.render(source), {
    FORBID_TAGS: ['style', 'iframe', 'form', 'input'],
    FORBID_ATTR: ['style'],
  });
}
