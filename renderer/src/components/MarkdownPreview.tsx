import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { renderMarkdown } from '../lib/markdown';
import { highlightDom } from '../lib/highlight';

type Props = {
  source: string;
  terms?: string[] | undefined;
  /** a task box was clicked: set the task on this source line (0-based) */
  onToggleTask?: ((line: number, checked: boolean) => void) | undefined;
};

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
 * items become real checkboxes (added after sanitising, from placeholders the renderer emitted).
 */
export function MarkdownPreview({ source, terms, onToggleTask }: Props) {
  const shown = useSettled(source);
  const html = useMemo(() => renderMarkdown(shown), [shown]);
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
  }, [html, terms, onToggleTask]);
  return (
    <div
      ref={ref}
      className="preview markdown-body"
      data-testid="preview"
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a')) e.preventDefault();
      }}
    />
  );
}
