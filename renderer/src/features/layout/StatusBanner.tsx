import { useSaveState } from '../../api/queries';

/**
 * A banner when the store cannot save (disk full, permissions): the user must know edits are not on disk.
 * Also a notice when the core worker was restarted (see electron/shell/worker-host.ts).
 */
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
  const restarts = status.data?.restarts ?? 0;
  if (restarts > 0) {
    return (
      <div className="banner notice" role="status" data-testid="status-banner">
        Dossier&apos;s core stopped unexpectedly and was restarted
        {restarts > 1 ? ` (${restarts} times)` : ''}; your notes were reopened. Every save confirmed as saved
        is kept; if an edit shows &ldquo;not saved&rdquo;, save it again.
      </div>
    );
  }
  return null;
}
