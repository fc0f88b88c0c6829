import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { markdownHighlightStyle } from './editor-theme';

/**
 * GitHub-flavoured markdown with its keymap: Enter continues lists, quotes and task items (an empty item
 * ends the list), Backspace removes markup first. No HTML tag completion: raw HTML is not rendered anyway.
 */
export function markdownLanguageSupport(): Extension {
  return [
    markdown({ base: markdownLanguage, completeHTMLTags: false }),
    syntaxHighlighting(markdownHighlightStyle),
  ];
}
