import { createContext, useContext, useMemo, useReducer, type Dispatch, type ReactNode } from 'react';
import type { NoteSort } from '../../../electron/contract/index';
import type { PrintRequest } from '../features/markings/PrintView';

/** UI-only state: what the user is looking at. Data itself lives in the query cache. */
export type UiState = {
  /** topic id, 'inbox', or null for all notes */
  topicId: string | null;
  tags: string[];
  text: string;
  sort: NoteSort;
  selectedNoteId: string | null;
  /** a heading text or `^block` to scroll the opened note's preview to (a followed `[[Note#Heading]]`) */
  anchor: string | null;
  /** the trash instead of live notes */
  trash: boolean;
  dialog:
    | null
    | { kind: 'topic'; topicId: string | null }
    | { kind: 'export' }
    | { kind: 'import' }
    | { kind: 'shortcuts' }
    | { kind: 'palette' }
    | { kind: 'history'; noteId: string }
    | { kind: 'backups' }
    | { kind: 'tag'; tag: string }
    | { kind: 'saveSearch'; query: string; id?: string }
    | { kind: 'exportLog' }
    | { kind: 'markingScheme' }
    | { kind: 'print'; request: PrintRequest }
    | { kind: 'template' }
    | { kind: 'protection' };
};

export type UiAction =
  | { type: 'topic'; topicId: string | null }
  | { type: 'toggleTag'; tag: string }
  | { type: 'removeTag'; tag: string }
  | { type: 'text'; text: string }
  | { type: 'runSearch'; text: string }
  | { type: 'sort'; sort: NoteSort }
  | { type: 'clearFilters' }
  | { type: 'select'; id: string | null }
  | { type: 'open'; id: string; anchor: string | null }
  | { type: 'trash'; on: boolean }
  | { type: 'dialog'; dialog: UiState['dialog'] };

const initial: UiState = {
  topicId: null,
  tags: [],
  text: '',
  sort: 'relevance',
  selectedNoteId: null,
  anchor: null,
  trash: false,
  dialog: null,
};

function reducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'topic':
      return { ...state, topicId: action.topicId, trash: false };
    case 'trash':
      return { ...state, trash: action.on, topicId: null, selectedNoteId: null };
    case 'toggleTag':
      return {
        ...state,
        tags: state.tags.includes(action.tag)
          ? state.tags.filter((t) => t !== action.tag)
          : [...state.tags, action.tag],
      };
    case 'removeTag':
      return { ...state, tags: state.tags.filter((t) => t !== action.tag) };
    case 'text':
      return { ...state, text: action.text };
    case 'runSearch':
      // A saved search stands on its own: it replaces the sidebar filters.
      return { ...state, topicId: null, tags: [], trash: false, text: action.text };
    case 'sort':
      return { ...state, sort: action.sort };
    case 'clearFilters':
      return { ...state, topicId: null, tags: [], text: '' };
    case 'select':
      return { ...state, selectedNoteId: action.id, anchor: null };
    case 'open':
      // Following a link leaves the trash and keeps the filters; the list may not show the note.
      return { ...state, selectedNoteId: action.id, anchor: action.anchor, trash: false };
    case 'dialog':
      return { ...state, dialog: action.dialog };
  }
}

const StateContext = createContext<{ state: UiState; dispatch: Dispatch<UiAction> } | null>(null);

export function UiStateProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(reducer, initial);
  const value = useMemo(() => ({ state, dispatch }), [state]);
  return <StateContext.Provider value={value}>{children}</StateContext.Provider>;
}

/** Current UI state and its dispatcher. */
export function useUi(): { state: UiState; dispatch: Dispatch<UiAction> } {
  const ctx = useContext(StateContext);
  if (!ctx) throw new Error('useUi outside UiStateProvider');
  return ctx;
}
