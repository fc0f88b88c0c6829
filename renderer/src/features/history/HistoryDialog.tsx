import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { invalidateAfterNoteChange, keys } from '../../api/queries';
import { Modal } from '../../ui/Modal';
import { FieldError } from '../../ui/FieldError';

/** Earlier versions of a note: pick one, see what changed since, restore it (the current text is kept as a version). */
export function HistoryDialog({
  noteId,
  onClose,
  onRestored,
}: {
  noteId: string;
  onClose: () => void;
  onRestored: () => void;
}) {
  const client = useClient();
  const qc = useQueryClient();
  const revisions = useQuery({
    queryKey: ['revisions', noteId],
    queryFn: () => client.call('revisions.list', { noteId }),
  });
  const [rev, setRev] = useState<number | null>(null);
  const diff = useQuery({
    queryKey: ['revisions', noteId, 'diff', rev],
    queryFn: () => client.call('revisions.diff', { noteId, rev: rev! }),
    enabled: rev !== null,
  });
  const [error, setError] = useState<string | null>(null);
  const list = [...(revisions.data?.items ?? [])].reverse();
  const setAside = revisions.data?.setAside ?? [];

  async function restore(): Promise<void> {
    if (rev === null) return;
    try {
      const note = await client.call('revisions.restore', { noteId, rev });
      qc.setQueryData(keys.notes.detail(noteId), note);
      invalidateAfterNoteChange(qc);
      void qc.invalidateQueries({ queryKey: ['revisions', noteId] });
      onRestored();
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <Modal title="Note history" onClose={onClose} testId="history-dialog">
      {setAside.length > 0 && (
        <p className="banner notice" role="status" data-testid="history-set-aside">
          Earlier versions of this note could not be read: its history file failed its integrity check
          (changed, cut short, or not from this notebook). It was kept as found (
          {setAside.map((k) => `${k.file}, ${new Date(k.at).toLocaleString()}`).join('; ')}) and versions are
          kept again from then on.
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted">
          No earlier versions yet. Dossier keeps a version when you come back to a note after a few minutes.
        </p>
      ) : (
        <div className="history">
          <ul className="history-list" aria-label="Versions">
            {list.map((r) => (
              <li key={r.rev}>
                <button
                  type="button"
                  className={r.rev === rev ? 'nav-item active' : 'nav-item'}
                  onClick={() => setRev(r.rev)}
                  data-testid="revision"
                >
                  {new Date(r.savedAt).toLocaleString()}{' '}
                  <span className="muted small">{r.title || 'Untitled'}</span>
                </button>
              </li>
            ))}
          </ul>
          <div className="diff" data-testid="revision-diff" aria-label="Changes from this version to now">
            {rev === null && <p className="muted">Pick a version to see what changed since.</p>}
            {diff.data?.map((d, i) => (
              <pre key={i} className={`diff-${d.kind}`}>
                {d.text}
              </pre>
            ))}
          </div>
        </div>
      )}
      <FieldError message={error} />
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          className="button primary"
          disabled={rev === null}
          onClick={() => void restore()}
        >
          Restore this version
        </button>
      </div>
    </Modal>
  );
}
