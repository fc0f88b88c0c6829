/** Something the user can do from the command palette (and often a shortcut). */
export type Command = {
  id: string;
  title: string;
  /** shown right-aligned, e.g. "Ctrl+N" */
  shortcut?: string;
  run: () => void;
};
