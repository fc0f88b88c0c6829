import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';
import footnote from 'markdown-it-footnote';
import mark from 'markdown-it-mark';
import { highlightCode } from './code-highlight';
import { taskItems } from './task-items';
import { attachmentIdOf, attachmentUrl } from '../features/attachments/api';
import { obsidianMarkdown, type RenderEnv } from './obsidian-markdown';

export type { RenderEnv, EmbeddedNote } from './obsidian-markdown';

// Raw HTML off in markdown-it, then DOMPurify as the second wall: no script, no handlers, no remote loads.
// Obsidian's syntax through well-kept plugins (footnotes, ==marks==, KaTeX math) plus our own small rules
// for what has no maintained plugin (wikilinks, embeds, callouts, block ids).
// The only URLs an image may load are data: images and the note's own attachments (served same-origin
// from /files/, which the CSP's img-src 'self' allows).
type Md = InstanceType<typeof MarkdownIt>;
type Plugin = (md: Md) => void;

function createMd(math: Plugin | null): Md {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight: highlightCode });
  md.use(taskItems);
  md.use(footnote);
  md.use(mark);
  if (math) md.use(math);
  md.use(obsidianMarkdown);
  return md;
}

const md = createMd(null);

// KaTeX (≈270 kB of script plus its fonts) loads only once a note has math in it: most notes have none,
// and the first paint should not wait for it. Until it is there, math shows as its source.
let mathMd: Md | null = null;
let mathLoading: Promise<void> | null = null;

/** Something that may be `$…$` or `$$` math (cheap; a false positive only loads KaTeX early). */
export function mayHaveMath(source: string): boolean {
  return /\$\$|\$[^\s$][^$\n]*\$/.test(source);
}

export function mathReady(): boolean {
  return mathMd !== null;
}

/** Loads KaTeX and its stylesheet once; later renders typeset math. */
export function loadMath(): Promise<void> {
  mathLoading ??= Promise.all([import('@vscode/markdown-it-katex'), import('katex/dist/katex.min.css')]).then(
    ([mod]) => {
      // The plugin is CommonJS with `exports.default`: Node's interop hands over the function, the bundler
      // the module object.
      const raw = mod.default as unknown;
      const katex = (typeof raw === 'function' ? raw : (raw as { default: unknown }).default) as (
        md: Md,
        options: object,
      ) => void;
      // Math errors render as red source text instead of throwing.
      mathMd = createMd((m) =>
        katex(m, { throwOnError: false, strict: 'ignore', maxSize: 50, maxExpand: 200, trust: false }),
      );
    },
  );
  return mathLoading;
}

/**
 * KaTeX lays math out with inline `style` lengths; every other `style` stays forbidden. A style survives only
 * inside `.katex` and only when it is a list of plain lengths/colours (no url(), no functions but none).
 */
const KATEX_STYLE = /^(?:\s*[a-z-]{1,30}\s*:\s*-?[\d.]+(?:em|ex|px|pt|%)?\s*(?:;|$))+\s*$/i;

DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
  if (data.attrName !== 'style') return;
  const inKatex = node.closest?.('.katex') !== null && node.closest?.('.katex') !== undefined;
  if (inKatex && KATEX_STYLE.test(data.attrValue)) data.forceKeepAttr = true;
  else data.keepAttr = false;
});

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

/** Markdown to HTML before sanitising (tests call it without a DOM). */
export function renderUnsafe(source: string, env: RenderEnv = {}, withMath = mathReady()): string {
  return (withMath && mathMd && mayHaveMath(source) ? mathMd : md).render(source, { ...env });
}

/**
 * Markdown to sanitised HTML for the preview pane; `env` carries embedded notes. `withMath`: typeset math
 * (once loadMath() has loaded KaTeX; before that math stays source text).
 */
export function renderMarkdown(source: string, env: RenderEnv = {}, withMath = mathReady()): string {
  return DOMPurify.sanitize(renderUnsafe(source, env, withMath), {
    FORBID_TAGS: ['style', 'iframe', 'form', 'input'],
    FORBID_ATTR: ['style'],
  });
}
