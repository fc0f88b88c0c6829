import { useMemo } from 'react';
import type { TopicSummary } from '../../../../electron/contract/index';
import type { UiAction, UiState } from '../../state/ui-state';
import { focusMode, toggleList, toggleSidebar } from '../layout/layout';
import { themeChoice } from '../theme/theme';
import type { Command } from './commands';

const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

type Deps = {
  state: UiState;
  dispatch: (a: UiAction) => void;
  topics: TopicSummary[] | undefined;
  /** every tag in use, for "Manage tag …" (rename, merge, remove) */
  tags: string[] | undefined;
  newNote: () => void;
  focusSearch: () => void;
  undo: () => void;
  selectedNoteId: string | null;
  /** the notebook has a passphrase: Lock now is offered */
  protectedNotebook: boolean;
  lockNow: () => Promise<void>;
};

/** Every command the palette offers, with the shortcut that does the same where there is one. */
export function useAppCommands({
  state,
  dispatch,
  topics,
  tags,
  newNote,
  focusSearch,
  undo,
  selectedNoteId,
  protectedNotebook,
  lockNow,
}: Deps): Command[] {
  return useMemo(() => {
    const dialog = (d: UiState['dialog']) => () => dispatch({ type: 'dialog', dialog: d });
    const list: Command[] = [
      { id: 'new-note', title: 'New note', shortcut: `${MOD}+N`, run: newNote },
      { id: 'new-from-template', title: 'New note from template…', run: dialog({ kind: 'template' }) },
      { id: 'search', title: 'Search notes', shortcut: `${MOD}+F`, run: focusSearch },
      { id: 'undo', title: 'Undo', shortcut: `${MOD}+Z`, run: undo },
      { id: 'export', title: 'Export…', shortcut: `${MOD}+E`, run: dialog({ kind: 'export' }) },
      { id: 'import', title: 'Import markdown…', shortcut: `${MOD}+O`, run: dialog({ kind: 'import' }) },
      { id: 'new-topic', title: 'New topic…', run: dialog({ kind: 'topic', topicId: null }) },
      { id: 'all-notes', title: 'Go to all notes', run: () => dispatch({ type: 'topic', topicId: null }) },
      { id: 'inbox', title: 'Go to inbox', run: () => dispatch({ type: 'topic', topicId: 'inbox' }) },
      { id: 'trash', title: 'Open trash', run: () => dispatch({ type: 'trash', on: true }) },
      { id: 'clear-filters', title: 'Clear filters', run: () => dispatch({ type: 'clearFilters' }) },
      { id: 'backups', title: 'Backups…', run: dialog({ kind: 'backups' }) },
      { id: 'export-log', title: 'Export log…', run: dialog({ kind: 'exportLog' }) },
      { id: 'marking-scheme', title: 'Marking scheme…', run: dialog({ kind: 'markingScheme' }) },
      {
        id: 'protection',
        title: protectedNotebook
          ? 'Protection: passphrase, recovery key, auto-lock…'
          : 'Protect with a passphrase…',
        run: dialog({ kind: 'protection' }),
      },
      {
        id: 'focus-mode',
        title: 'Focus mode: only the editor (on/off)',
        shortcut: `${MOD}+Shift+Enter`,
        run: () => focusMode.set((f) => !f),
      },
      { id: 'toggle-sidebar', title: 'Show or hide the sidebar', shortcut: `${MOD}+\\`, run: toggleSidebar },
      {
        id: 'toggle-list',
        title: 'Show or hide the note list',
        shortcut: `${MOD}+Shift+\\`,
        run: toggleList,
      },
      { id: 'theme-system', title: 'Theme: follow the system', run: () => themeChoice.set('system') },
      { id: 'theme-light', title: 'Theme: light', run: () => themeChoice.set('light') },
      { id: 'theme-dark', title: 'Theme: dark', run: () => themeChoice.set('dark') },
      {
        id: 'shortcuts',
        title: 'Keyboard shortcuts and search syntax',
        shortcut: '?',
        run: dialog({ kind: 'shortcuts' }),
      },
    ];
    if (protectedNotebook)
      list.push({
        id: 'lock-now',
        title: 'Lock now',
        shortcut: `${MOD}+Shift+L`,
        run: () => void lockNow().catch(() => undefined),
      });
    if (selectedNoteId && !state.trash)
      list.push({
        id: 'history',
        title: 'Note history…',
        run: dialog({ kind: 'history', noteId: selectedNoteId }),
      });
    if (state.topicId && state.topicId !== 'inbox')
      list.push({
        id: 'edit-topic',
        title: 'Edit topic…',
        run: dialog({ kind: 'topic', topicId: state.topicId }),
      });
    for (const t of topics ?? [])
      list.push({
        id: `topic:${t.id}`,
        title: `Go to topic: ${t.name}`,
        run: () => dispatch({ type: 'topic', topicId: t.id }),
      });
    for (const tag of tags ?? [])
      list.push({ id: `tag:${tag}`, title: `Manage tag #${tag}…`, run: dialog({ kind: 'tag', tag }) });
    return list;
  }, [
    tags,
    dispatch,
    focusSearch,
    newNote,
    selectedNoteId,
    state.topicId,
    state.trash,
    topics,
    undo,
    protectedNotebook,
    lockNow,
  ]);
}
