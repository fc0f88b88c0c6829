import { useLayoutEffect, useMemo, useRef, type MouseEvent } from 'react';
import { renderMarkdown } from '../lib/markdown';
import { highlightDom } from '../lib/highlight';

/** Links in the preview do nothing, whichever button or modifier clicks them. */
function cancelLinks(e: MouseEvent<HTMLDivElement>): void {
  if ((e.target as HTMLElement).closest('a')) e.preventDefault();
}

/** Sanitised markdown preview with the search words marked; links never navigate the app window. */
export function MarkdownPreview({ source, terms }: { source: string; terms?: string[] | undefined }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.innerHTML = html || '<p class="muted">Nothing to preview yet.</p>';
    // Marks are added to text nodes only, after sanitising, so they cannot change what the HTML does.
    if (terms?.length) highlightDom(el, terms);
  }, [html, terms]);
  return (
    <div
      ref={ref}
      className="preview markdown-body"
      data-testid="preview"
      onClick={cancelLinks}
      // A middle-click fires auxclick, not click; without this it opens the link in a new tab.
      onAuxClick={cancelLinks}
    />
  );
}
