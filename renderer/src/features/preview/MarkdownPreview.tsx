import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { AttachmentView } from '../../../../electron/contract/index';
import { decorateAttachments } from '../attachments/preview-attachments';
import { loadMath, mathReady, mayHaveMath, renderMarkdown, type RenderEnv } from '../../lib/markdown';
import { highlightDom } from '../../lib/highlight';
import { Lightbox } from '../../ui/lightbox';

/** What the preview knows about a wikilink target (from links.resolve): shown as a class on the link. */
export type LinkState = 'resolved' | 'ambiguous' | 'unresolved' | 'file';

export type MarkdownPreviewProps = {
  source: string;
  terms?: string[] | undefined;
  /** a task box was clicked: set the task on this source line (0-based) */
  onToggleTask?: ((line: number, checked: boolean) => void) | undefined;
  /** what the note's attachment references point at (type, size), for cards and thumbnails */
  attachments?: readonly AttachmentView[] | undefined;
  /** Open on a file card or a click on an inline attachment link */
  onOpenAttachment?: ((id: string, name: string) => void) | undefined;
  /** Save as… on a file card */
  onSaveAttachment?: ((id: string, name: string) => void) | undefined;
  /** embedded notes and the chain of notes rendered (see RenderEnv) */
  env?: RenderEnv | undefined;
  /** target (as written, lower-cased) → its state; links get `wikilink-<state>` classes */
  linkStates?: ReadonlyMap<string, LinkState> | undefined;
  /** a wikilink (or a link to an exported .md file) was clicked or hovered */
  onLink?: ((link: WikiLinkEvent) => void) | undefined;
  /** scroll to this heading text or `^block` once rendered */
  scrollTo?: string | null | undefined;
  /** drawn over the preview (link popovers) */
  children?: ReactNode;
};

/** A wikilink the user acted on, with where it sits on screen (for popovers). */
export type WikiLinkEvent = {
  kind: 'click' | 'hover' | 'leave';
  target: string;
  anchor: string | null;
  rect: { left: number; top: number; bottom: number };
};

const NO_ATTACHMENTS: readonly AttachmentView[] = [];

/** Notes longer than this re-render their preview after a pause in typing, not on every keystroke. */
const LARGE_SOURCE = 20_000;
const SETTLE_MS = 300;

/**
 * The value to render: at once for short notes; for long ones only once typing paused, so a keystroke in
 * a 20,000-word note paints without waiting for markdown-it and the sanitiser.
 */
function useSettled(source: string): string {
  const [settled, setSettled] = useState(source);
  const large = source.length > LARGE_SOURCE;
  useEffect(() => {
    if (!large) return;
    const t = setTimeout(() => setSettled(source), SETTLE_MS);
    return () => clearTimeout(t);
  }, [source, large]);
  return large ? settled : source;
}

/**
 * KaTeX is loaded (bundled, never remote: its own chunk, stylesheet and fonts) the first time a note has
 * math; the value changes when it arrives, so the preview renders again with the math typeset.
 */
function useMathOnDemand(source: string): boolean {
  const [ready, setReady] = useState(mathReady);
  const wanted = !ready && mayHaveMath(source);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void loadMath().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [wanted]);
  return ready;
}

/** The wikilink target of an anchor: `[[x]]` anchors carry it; `[x](Other%20note.md)` links are decoded. */
export function linkTarget(a: HTMLAnchorElement): { target: string; anchor: string | null } | null {
  if (a.classList.contains('wikilink'))
    return { target: a.dataset.target ?? '', anchor: a.dataset.anchor ?? null };
  const href = a.getAttribute('href') ?? '';
  const m = /^(?![a-z][a-z0-9+.-]*:|\/\/)([^#?]+\.(?:md|markdown))(?:#(.*))?$/i.exec(href);
  if (!m) return null;
  try {
    return { target: decodeURIComponent(m[1]!), anchor: m[2] ? decodeURIComponent(m[2]) : null };
  } catch {
    return null;
  }
}

/** Finds the element a heading text or `^block` names in the rendered preview. */
export function findAnchor(root: HTMLElement, anchor: string): HTMLElement | null {
  if (anchor.startsWith('^'))
    return root.querySelector<HTMLElement>(`[data-block="${CSS.escape(anchor.slice(1))}"]`);
  const want = anchor.split('#').pop()!.trim().toLowerCase();
  for (const h of root.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6'))
    if (h.textContent?.trim().toLowerCase() === want) return h;
  return null;
}

/**
 * Sanitised markdown preview with the search words marked; links never navigate the app window. Task
 * items become real checkboxes, attached images open full size on click, paragraphs of attached files
 * become cards (all added after sanitising, with DOM calls). Wikilinks are reported through `onLink`;
 * in-page anchors (footnotes) scroll inside the preview.
 */
export function MarkdownPreview({
  source,
  terms,
  onToggleTask,
  attachments = NO_ATTACHMENTS,
  onOpenAttachment,
  onSaveAttachment,
  env,
  linkStates,
  onLink,
  scrollTo,
  children,
}: MarkdownPreviewProps) {
  const shown = useSettled(source);
  const math = useMathOnDemand(shown);
  const html = useMemo(() => renderMarkdown(shown, env, math), [shown, env, math]);
  const [lightbox, setLightbox] = useState<{ src: string; alt: string } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const onLinkRef = useRef(onLink);
  useEffect(() => {
    onLinkRef.current = onLink;
  });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.innerHTML = html || '<p class="muted">Nothing to preview yet.</p>';
    for (const box of el.querySelectorAll<HTMLElement>('span.task-box[data-task-line]')) {
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.className = 'task-box';
      input.checked = box.dataset.checked === 'true';
      input.dataset.taskLine = box.dataset.taskLine;
      input.disabled = !onToggleTask;
      input.setAttribute('aria-label', `Done: ${box.parentElement?.textContent?.trim() ?? 'task'}`);
      box.replaceWith(input);
    }
    decorateAttachments(el, attachments);
    // The boxes are not React's, so their change events are listened to natively.
    const onChange = (e: Event) => {
      const t = e.target;
      if (t instanceof HTMLInputElement && t.classList.contains('task-box') && onToggleTask)
        onToggleTask(Number(t.dataset.taskLine), t.checked);
    };
    el.addEventListener('change', onChange);
    // Marks are added to text nodes only, after sanitising, so they cannot change what the HTML does.
    if (terms?.length) highlightDom(el, terms);
    return () => el.removeEventListener('change', onChange);
  }, [html, terms, onToggleTask, attachments]);

  // Link states are classes on the rendered anchors; they change without re-rendering the HTML.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    for (const a of el.querySelectorAll<HTMLAnchorElement>('a')) {
      const t = linkTarget(a);
      if (!t) continue;
      const state = linkStates?.get(t.target.toLowerCase());
      a.classList.add('wikilink');
      a.classList.remove('wikilink-resolved', 'wikilink-unresolved', 'wikilink-ambiguous', 'wikilink-file');
      if (state) a.classList.add(`wikilink-${state}`);
      if (state === 'unresolved') a.title = `“${t.target}” does not exist yet: click to create it`;
      else if (state === 'ambiguous') a.title = `Several notes are called “${t.target}”: click to choose`;
      else a.removeAttribute('title');
    }
  }, [html, linkStates]);

  useLayoutEffect(() => {
    if (!scrollTo || !ref.current) return;
    const target = findAnchor(ref.current, scrollTo);
    if (target) {
      target.scrollIntoView({ block: 'start' });
      target.classList.add('anchor-flash');
    }
  }, [html, scrollTo]);

  const report = (kind: WikiLinkEvent['kind'], a: HTMLAnchorElement) => {
    const t = linkTarget(a);
    if (!t || !onLinkRef.current) return false;
    const r = a.getBoundingClientRect();
    onLinkRef.current({ kind, ...t, rect: { left: r.left, top: r.top, bottom: r.bottom } });
    return true;
  };

  /**
   * Links do nothing by themselves, whichever button or modifier clicks them: attachment links open the file,
   * footnote anchors scroll within the preview, wikilinks are reported to `onLink`.
   */
  function onClick(e: MouseEvent<HTMLDivElement>): void {
    const t = e.target as HTMLElement;
    const img = t.closest<HTMLImageElement>('img.attachment-image');
    if (img) {
      setLightbox({ src: img.src, alt: img.alt });
      return;
    }
    const action = t.closest<HTMLElement>('[data-action]');
    if (action?.dataset.attachmentId) {
      const { attachmentId, name = 'file' } = action.dataset;
      if (action.dataset.action === 'open') onOpenAttachment?.(attachmentId, name);
      else if (action.dataset.action === 'save') onSaveAttachment?.(attachmentId, name);
      return;
    }
    const a = t.closest('a');
    if (!a) return;
    e.preventDefault();
    if (a.dataset.attachmentId) {
      onOpenAttachment?.(a.dataset.attachmentId, a.textContent?.trim() || 'file');
      return;
    }
    const href = a.getAttribute('href') ?? '';
    if (href.startsWith('#') && href.length > 1 && !a.classList.contains('wikilink')) {
      // Footnote references and back-references move within the preview.
      ref.current?.querySelector(`[id="${CSS.escape(href.slice(1))}"]`)?.scrollIntoView({ block: 'center' });
      return;
    }
    report('click', a);
  }

  return (
    <div className="preview-wrap">
      <div
        ref={ref}
        className="preview markdown-body"
        data-testid="preview"
        onClick={onClick}
        // A middle-click fires auxclick, not click; without this it opens the link in a new tab.
        onAuxClick={(e) => {
          if ((e.target as HTMLElement).closest('a')) e.preventDefault();
        }}
        onKeyDown={(e) => {
          const t = e.target as HTMLElement;
          if ((e.key === 'Enter' || e.key === ' ') && t.matches('img.attachment-image')) {
            e.preventDefault();
            setLightbox({ src: (t as HTMLImageElement).src, alt: (t as HTMLImageElement).alt });
          }
        }}
        onMouseOver={(e) => {
          const a = (e.target as HTMLElement).closest('a');
          if (a && !a.contains(e.relatedTarget as Node | null)) report('hover', a);
        }}
        onMouseOut={(e) => {
          const a = (e.target as HTMLElement).closest('a');
          if (a && !a.contains(e.relatedTarget as Node | null)) report('leave', a);
        }}
      />
      {lightbox && <Lightbox src={lightbox.src} alt={lightbox.alt} onClose={() => setLightbox(null)} />}
      {children}
    </div>
  );
}
