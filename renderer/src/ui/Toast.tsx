export type ToastMessage = {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
  tone?: 'info' | 'error';
  /** the undo step the action takes back: the toast goes once that step is undone or superseded */
  undoId?: number;
  /** when it was shown (ms) */
  createdAt?: number;
  /** what undo would do about changes made since the step (from undo.peek), shown before it runs */
  undoNote?: string;
};

/** Bottom-centre notifications, e.g. "Deleted “X” — Undo". */
export function Toasts({ toasts, onDismiss }: { toasts: ToastMessage[]; onDismiss: (id: number) => void }) {
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast ${t.tone ?? 'info'}`}
          role={t.tone === 'error' ? 'alert' : 'status'}
          data-testid="toast"
        >
          <span>
            {t.text}
            {t.undoNote && <span className="toast-note"> {t.undoNote}</span>}
          </span>
          {t.action && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                t.action!.run();
                onDismiss(t.id);
              }}
            >
              {t.action.label}
            </button>
          )}
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
