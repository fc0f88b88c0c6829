import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useClient } from '../api/client-context';
import { ApiError } from '../api/client';
import { invalidateAfterNoteChange } from '../api/queries';
import { FieldError } from './FieldError';

/** The trash: restore the selected note, or empty it (undoable until the app closes). */
export function TrashPane({
  selectedId,
  onDone,
}: {
  selectedId: string | null;
  onDone: (text: string, undoId?: number | null) => void;
}) {
  const client = useClient();
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = <T extends object>(p: Promise<T>, text: string) =>
    p
      .then((r) => {
        invalidateAfterNoteChange(qc);
        onDone(text, 'undoId' in r ? (r.undoId as number | null) : null);
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  return (
    <div className="trash-pane" data-testid="trash-pane">
      <h2>Trash</h2>
      <p className="muted">Deleted notes stay here for 30 days, then they are removed for good.</p>
      {selectedId ? (
        <button
          type="button"
          className="button primary"
          onClick={() =>
            void run(client.call('trash.restore', { kind: 'note', id: selectedId }), 'Note restored')
          }
        >
          Restore selected note
        </button>
      ) : (
        <p className="muted">Select a note to restore it.</p>
      )}
      <div className="trash-empty">
        {confirm ? (
          <button
            type="button"
            className="button danger"
            onClick={() => void run(client.call('trash.empty', {}), 'Trash emptied')}
          >
            Delete everything in the trash
          </button>
        ) : (
          <button type="button" className="button" onClick={() => setConfirm(true)}>
            Empty trash…
          </button>
        )}
      </div>
      <FieldError message={error} />
    </div>
  );
}
