import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { FieldError } from '../../ui/FieldError';

/** Shown when the store file could not be opened: what happened, where the file is, and the way back. */
export function Recovery({ message }: { message: string }) {
  const client = useClient();
  const status = useQuery({ queryKey: ['recovery'], queryFn: () => client.call('recovery.status', {}) });
  const [error, setError] = useState<string | null>(null);
  const newest = status.data?.backups[0];
  return (
    <div className="welcome" role="alert" data-testid="recovery">
      <h1>Dossier could not open your notes</h1>
      <p>{message}</p>
      <p>
        Nothing has been overwritten. You can restore the newest backup, or close Dossier and inspect the file
        yourself.
      </p>
      {newest ? (
        <button
          type="button"
          className="button primary"
          onClick={() =>
            void client
              .call('recovery.restore', { name: newest.name })
              .then(() => window.location.reload())
              .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)))
          }
        >
          Restore backup from {new Date(newest.createdAt).toLocaleString()}
        </button>
      ) : (
        <p className="muted">There is no backup to restore.</p>
      )}
      <FieldError message={error} />
    </div>
  );
}
