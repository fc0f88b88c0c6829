import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { AttachmentView } from '../../../electron/contract';
import { decorateAttachments } from '../features/attachments/preview-attachments';
import { renderMarkdown } from '../lib/markdown';
import { highlightDom } from '../lib/highlight';
import { Lightbox } from '../ui/lightbox';

type Props = {
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
 * Sanitised markdown preview with the search words marked; links never navigate the app window. Task
 * items become real checkboxes, attached images open full size on click, paragraphs of attached files
 * become cards (all added after sanitising, with DOM calls).
 */
export function MarkdownPreview({
  source,
  terms,
  onToggleTask,
  attachments = NO_ATTACHMENTS,
  onOpenAttachment,
  onSaveAttachment,
}: Props) {
  const shown = useSettled(source);
  const html = useMemo(() => renderMarkdown(shown), [shown]);
  const [lightbox, setLightbox] = useState<{ src: string; alt: string } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
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

  /** Links do nothing, whichever button or modifier clicks them; attachment links open the file. */
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
    if (a.dataset.attachmentId) onOpenAttachment?.(a.dataset.attachmentId, a.textContent?.trim() || 'file');
  }

  return (
    <>
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
      />
      {lightbox && <Lightbox src={lightbox.src} alt={lightbox.alt} onClose={() => setLightbox(null)} />}
    </>
  );
}
