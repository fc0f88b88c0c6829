// markdown-it-mark ships no types (and @types/markdown-it-mark does not exist): a plain markdown-it plugin.
declare module 'markdown-it-mark' {
  import type { MarkdownIt } from 'markdown-it';
  const mark: (md: MarkdownIt) => void;
  export default mark;
}
