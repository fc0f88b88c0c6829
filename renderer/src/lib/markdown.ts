import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';
import { highlightCode } from './code-highlight';
import { taskItems } from './task-items';

// Raw HTML off in markdown-it, then DOMPurify as the second wall: no script, no handlers, no remote loads.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight: highlightCode });
md.use(taskItems);

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'IMG') {
    const src = node.getAttribute('src') ?? '';
    if (!src.startsWith('data:image/')) {
      node.setAttribute('data-blocked-src', src);
      node.removeAttribute('src');
      node.setAttribute('alt', `[remote image not loaded: ${node.getAttribute('alt') || src}]`);
    }
  }
  if (node.tagName === 'A') {
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
