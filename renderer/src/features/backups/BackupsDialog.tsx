import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { Modal } from '../../ui/Modal';
import { FieldError } from '../../ui/FieldError';

/** Rolling backups beside the store; restoring snapshots the current state first and can be undone. */
export function BackupsDialog({
  onClose,
  onRestored,
}: {
  onClose: () => void;
  onRestored: (label: string, undoId: number | null) => void;
}) {
  const client = useClient();
  const qc = useQueryClient();
  const backups = useQuery({ queryKey: ['backups'], queryFn: () => client.call('backups.list', {}) });
  const [confirm, setConfirm] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function restore(name: string): Promise<void> {
    try {
      const r = await client.call('backups.restore', { name });
      await qc.invalidateQueries();
      onRestored(`Restored backup ${name}`, r.undoId);
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <Modal title="Backups" onClose={onClose} testId="backups-dialog">
      <p className="muted small">
        Dossier keeps a backup each day you work and every 200 saves (the last 10, plus one per day for a
        week).
      </p>
      {backups.data?.length === 0 && (
        <p className="muted">No backups yet — one is made with your first change today.</p>
      )}
      <ul className="backup-list">
        {backups.data?.map((b) => (
          <li key={b.name}>
            <span>
              {new Date(b.createdAt).toLocaleString()}{' '}
              <span className="muted small">({(b.bytes / 1024).toFixed(0)} KB)</span>
            </span>
            {confirm === b.name ? (
              <button type="button" className="button danger" onClick={() => void restore(b.name)}>
                Replace current notes with this backup
              </button>
            ) : (
              <button type="button" className="button" onClick={() => setConfirm(b.name)}>
                Restore…
              </button>
            )}
          </li>
        ))}
      </ul>
      <FieldError message={error} />
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
