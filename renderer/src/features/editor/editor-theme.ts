import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/** Markdown source styling: headings larger and bold, emphasis visible, markup and URLs muted. */
export const markdownHighlightStyle = HighlightStyle.define([
  { tag: t.heading1, fontWeight: '700', fontSize: '1.3em' },
  { tag: t.heading2, fontWeight: '700', fontSize: '1.15em' },
  { tag: [t.heading3, t.heading4, t.heading5, t.heading6], fontWeight: '700' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: [t.link, t.url], color: '#1f5f9f' },
  { tag: t.processingInstruction, color: '#8a919b' },
  { tag: t.monospace, color: '#7a3e9d' },
  { tag: t.quote, color: '#4b5563', fontStyle: 'italic' },
  { tag: t.contentSeparator, color: '#8a919b' },
  { tag: t.list, color: '#8a3a22' },
]);

/** The editor box: the old textarea's look (warm paper, monospace), filling its pane. */
export const editorTheme = EditorView.theme({
  '&': {
    height: '100%',
    // main's themes set --editor-bg (light paper, dark slate); the light value stands in without them
    backgroundColor: 'var(--editor-bg, #fcfbf8)',
    borderRadius: 'var(--radius)',
    fontSize: '13px',
  },
  '&.cm-focused': { outline: '2px solid #9cc2ea', outlineOffset: '-1px' },
  '.cm-scroller': {
    fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
    lineHeight: '1.55',
  },
  '.cm-content': { padding: '12px 0' },
  '.cm-line': { padding: '0 12px' },
  '.cm-placeholder': { color: '#8a919b' },
  '.cm-panels': { backgroundColor: 'var(--panel, #f3f1ea)', borderColor: 'var(--border)' },
  '.cm-tooltip-autocomplete': { fontFamily: 'inherit' },
});
