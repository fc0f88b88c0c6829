import { useSaveState } from '../api/queries';

/** A banner when the store cannot save (disk full, permissions): the user must know edits are not on disk. */
export function StatusBanner() {
  const status = useSaveState();
  if (status.error) {
    return (
      <div className="banner error" role="alert" data-testid="status-banner">
        Dossier is not reachable: {(status.error as Error).message}
      </div>
    );
  }
  if (status.data?.state === 'error') {
    return (
      <div className="banner error" role="alert" data-testid="status-banner">
        Not saved: {status.data.error}. Your changes are kept in memory and Dossier keeps retrying.
      </div>
    );
  }
  return null;
}
