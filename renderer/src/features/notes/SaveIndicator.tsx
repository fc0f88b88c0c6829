export type LocalSaveState =
  { kind: 'saved' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'error'; message: string };

/** The visible autosave state of the open note. */
export function SaveIndicator({ state }: { state: LocalSaveState }) {
  const text =
    state.kind === 'saved'
      ? 'Saved'
      : state.kind === 'error'
        ? `Not saved: ${state.message} — retrying`
        : state.kind === 'saving'
          ? 'Saving…'
          : 'Editing…';
  return (
    <span
      className={`save-indicator ${state.kind}`}
      data-testid="save-state"
      role="status"
      aria-live="polite"
    >
      {text}
    </span>
  );
}
