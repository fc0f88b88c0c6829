import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { invalidateAfterNoteChange } from '../../api/queries';
import { noteTitle } from '../../lib/format';
import { FieldError } from '../../ui/FieldError';
import { MarkdownPreview } from '../preview/MarkdownPreview';

/**
 * The trash: how many notes it holds, the selected note read-only (so it can be read before restoring),
 * restore it, or empty the trash (undoable until the app closes).
 */
export function TrashPane({
  selectedId,
  count,
  onRestored,
  onDone,
}: {
  selectedId: string | null;
  /** notes in the trash (the list's total), undefined while loading */
  count: number | undefined;
  /** after a restore: the shell moves the selection on */
  onRestored: (id: string) => void;
  onDone: (text: string, undoId?: number | null) => void;
}) {
  const client = useClient();
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const note = useQuery({
    queryKey: ['notes', 'list', 'trashed', selectedId],
    queryFn: () => client.call('trash.get', { id: selectedId! }),
    enabled: Boolean(selectedId),
    retry: false,
  });
  const run = <T extends object>(p: Promise<T>, text: string, after?: () => void) =>
    p
      .then((r) => {
        invalidateAfterNoteChange(qc);
        after?.();
        onDone(text, 'undoId' in r ? (r.undoId as number | null) : null);
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  const shown = selectedId && note.data?.id === selectedId ? note.data : null;
  return (
    <div className="trash-pane" data-testid="trash-pane">
      <div className="trash-head">
        <h2>Trash</h2>
        <span className="muted" data-testid="trash-count">
          {count === undefined ? '' : `${count} note${count === 1 ? '' : 's'}`}
        </span>
        <span className="spacer" />
        {count !== 0 &&
          (confirm ? (
            <>
              <button
                type="button"
                className="button danger"
                onClick={() =>
                  void run(client.call('trash.empty', {}), 'Trash emptied — Ctrl+Z to undo', () =>
                    setConfirm(false),
                  )
                }
              >
                Delete all {count ?? ''} for good
              </button>
              <button type="button" className="button" onClick={() => setConfirm(false)}>
                Keep them
              </button>
            </>
          ) : (
            <button type="button" className="button" onClick={() => setConfirm(true)}>
              Empty trash…
            </button>
          ))}
      </div>
      <p className="muted small">Deleted notes stay here for 30 days, then they are removed for good.</p>
      <FieldError message={error} />
      {shown ? (
        <article className="trash-preview" data-testid="trash-preview" aria-label="Deleted note (read-only)">
          <div className="trash-preview-head">
            <h3>{noteTitle(shown.title, shown.body)}</h3>
            <button
              type="button"
              className="button primary"
              onClick={() =>
                void run(
                  client.call('trash.restore', { kind: 'note', id: shown.id }),
                  `Restored “${noteTitle(shown.title, shown.body)}”`,
                  () => onRestored(shown.id),
                )
              }
            >
              Restore
            </button>
          </div>
          <p className="muted small">
            Deleted {new Date(shown.deletedAt ?? shown.updatedAt).toLocaleString()}
            {shown.tags.length > 0 && <> · {shown.tags.map((t) => `#${t}`).join(' ')}</>}
          </p>
          <MarkdownPreview source={shown.body} />
        </article>
      ) : (
        <p className="muted">
          {count === 0 ? 'The trash is empty.' : 'Select a note to read it before restoring it.'}
        </p>
      )}
    </div>
  );
}
