import { useMemo } from 'react';
import { renderMarkdown } from '../lib/markdown';

/** Sanitised markdown preview; links never navigate the app window. */
export function MarkdownPreview({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return (
    <div
      className="preview markdown-body"
      data-testid="preview"
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a')) e.preventDefault();
      }}
      dangerouslySetInnerHTML={{ __html: html || '<p class="muted">Nothing to preview yet.</p>' }}
    />
  );
}
