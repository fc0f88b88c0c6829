import type { ReactNode } from 'react';
import { useUi, type UiState } from '../../state/ui-state';
import { focusMode, toggleList, toggleSidebar } from '../layout/layout';
import { ThemeSelect } from '../theme/ThemeSelect';
import { LockButton } from '../protection/LockBadge';

/** A glyph button whose accessible name is `label`; `pressed` makes it a toggle (aria-pressed). */
function IconButton({
  label,
  title,
  pressed,
  onClick,
  children,
}: {
  label: string;
  title: string;
  pressed?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={label}
      aria-pressed={pressed}
      title={title}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** Shows or hides a pane: named "Show …" / "Hide …" after what a click does, pressed while the pane shows. */
function PaneToggle({
  pane,
  hidden,
  title,
  onToggle,
  children,
}: {
  pane: string;
  hidden: boolean;
  title: string;
  onToggle: () => void;
  children: ReactNode;
}) {
  return (
    <IconButton
      label={`${hidden ? 'Show' : 'Hide'} ${pane}`}
      pressed={!hidden}
      title={title}
      onClick={onToggle}
    >
      {children}
    </IconButton>
  );
}

/** A text button that opens one of the app's dialogs. */
function DialogButton({ dialog, children }: { dialog: NonNullable<UiState['dialog']>; children: ReactNode }) {
  const { dispatch } = useUi();
  return (
    <button type="button" className="button" onClick={() => dispatch({ type: 'dialog', dialog })}>
      {children}
    </button>
  );
}

/**
 * The bar above the list and the editor: pane toggles, new note, import / export, focus mode, theme, lock,
 * palette and help. In focus mode only the way out is shown.
 */
export function AppToolbar({
  focus,
  sidebarHidden,
  listHidden,
  onNewNote,
}: {
  focus: boolean;
  sidebarHidden: boolean;
  listHidden: boolean;
  onNewNote: () => void;
}) {
  const { state, dispatch } = useUi();
  if (focus) {
    return (
      <div className="focus-bar">
        <button type="button" className="button" onClick={() => focusMode.set(false)}>
          Leave focus mode
        </button>
      </div>
    );
  }
  const topicId = state.topicId;
  return (
    <header className="toolbar">
      <PaneToggle pane="sidebar" hidden={sidebarHidden} title="Sidebar (Ctrl+\\)" onToggle={toggleSidebar}>
        ◧
      </PaneToggle>
      <PaneToggle
        pane="note list"
        hidden={listHidden}
        title="Note list (Ctrl+Shift+\\)"
        onToggle={toggleList}
      >
        ☰
      </PaneToggle>
      <button
        type="button"
        className="button primary"
        onClick={onNewNote}
        title="New note (Ctrl+N, or Alt+N)"
      >
        + New note
      </button>
      <DialogButton dialog={{ kind: 'template' }}>From template…</DialogButton>
      <span className="spacer" />
      <DialogButton dialog={{ kind: 'import' }}>Import…</DialogButton>
      <DialogButton dialog={{ kind: 'export' }}>Export…</DialogButton>
      {topicId && topicId !== 'inbox' && (
        <DialogButton dialog={{ kind: 'topic', topicId }}>Edit topic</DialogButton>
      )}
      <IconButton
        label="Focus mode"
        title="Focus mode: only the editor (Ctrl+Shift+Enter)"
        onClick={() => focusMode.set(true)}
      >
        ⤢
      </IconButton>
      <ThemeSelect />
      <LockButton />
      <IconButton
        label="Command palette"
        title="Command palette (Ctrl+K)"
        onClick={() => dispatch({ type: 'dialog', dialog: { kind: 'palette' } })}
      >
        ⌘
      </IconButton>
      <IconButton
        label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => dispatch({ type: 'dialog', dialog: { kind: 'shortcuts' } })}
      >
        ?
      </IconButton>
    </header>
  );
}
