import type MarkdownIt from 'markdown-it';

/** `- [ ] x`, `1. [x] y`, also inside block quotes: prefix up to the box, and the box's mark. */
const TASK_LINE = /^((?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([ xX])\]/;

/**
 * markdown-it rule for GitHub task items: a list item whose text starts with `[ ]` or `[x]` gets a box
 * placeholder carrying its source line (markdown-it's token map), which the preview turns into a real
 * checkbox after sanitising. The placeholder is a span, so the sanitiser keeps forbidding <input>.
 */
export const taskItems = (md: InstanceType<typeof MarkdownIt>): void => {
  md.core.ruler.after('inline', 'task-items', (state) => {
    const tokens = state.tokens;
    for (let i = 2; i < tokens.length; i++) {
      const inline = tokens[i]!;
      const item = tokens[i - 2]!;
      if (inline.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open') continue;
      if (item.type !== 'list_item_open' || !item.map) continue;
      const m = /^\[([ xX])\][ \t]/.exec(inline.content) ?? /^\[([ xX])\]$/.exec(inline.content);
      const first = inline.children?.[0];
      if (!m || !first || first.type !== 'text' || !first.content.startsWith(m[0].slice(0, 3))) continue;
      const checked = m[1] !== ' ';
      first.content = first.content.slice(3).replace(/^[ \t]/, '');
      const box = new state.Token('html_inline', '', 0);
      box.content = `<span class="task-box" data-task-line="${item.map[0]}" data-checked="${checked}"></span>`;
      inline.children!.unshift(box);
      item.attrJoin('class', 'task-item');
    }
  });
};

/**
 * The source with the task box on `line` (0-based) set to `checked`; null when that line is not a task
 * item any more (the text changed since the preview was drawn), so nothing else is ever touched.
 */
export function setTaskChecked(source: string, line: number, checked: boolean): string | null {
  const lines = source.split('\n');
  const text = lines[line];
  if (text === undefined) return null;
  const m = TASK_LINE.exec(text);
  if (!m) return null;
  lines[line] = `${m[1]}[${checked ? 'x' : ' '}]${text.slice(m[0].length)}`;
  return lines.join('\n');
}
