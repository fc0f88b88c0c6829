import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { useUi } from '../../state/ui-state';
import { FieldError } from '../../ui/FieldError';

/** First run: what Dossier is, and three ways to start (a topic, the sample, notes from elsewhere). */
export function Welcome({ dataPath }: { dataPath: string | undefined }) {
  const client = useClient();
  const qc = useQueryClient();
  const { dispatch } = useUi();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="welcome" data-testid="welcome">
      <h1>Welcome to Dossier</h1>
      <p>
        Your offline notebook for joint research. Create a <strong>topic</strong> for each cooperation line —
        a co-development, an exchange programme, a conference series — and keep markdown notes in it. Tag
        notes (<code>partner/kaist</code>, <code>activity/meeting</code>) to find them across topics, and
        export everything to plain markdown whenever you like.
      </p>
      <div className="welcome-actions">
        <button
          type="button"
          className="button primary"
          onClick={() => dispatch({ type: 'dialog', dialog: { kind: 'topic', topicId: null } })}
        >
          Create a topic
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            client
              .call('sample.load', {})
              .then(() => qc.invalidateQueries())
              .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)))
              .finally(() => setBusy(false));
          }}
        >
          {busy ? 'Loading…' : 'Load sample data'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => dispatch({ type: 'dialog', dialog: { kind: 'import' } })}
        >
          Import markdown…
        </button>
      </div>
      <FieldError message={error} />
      <p className="muted small">
        Notes are stored only on this computer{dataPath ? ` in ${dataPath}` : ''}. Press ? for keyboard
        shortcuts.
      </p>
    </div>
  );
}

/** No notes for the current filter. */
export function NoResults({
  filtered,
  onClear,
  onNew,
}: {
  filtered: boolean;
  onClear: () => void;
  onNew: () => void;
}) {
  return (
    <div className="no-results" data-testid="no-results">
      {filtered ? (
        <>
          <p>No notes match this filter.</p>
          <button type="button" className="button" onClick={onClear}>
            Clear filters
          </button>
        </>
      ) : (
        <>
          <p>No notes here yet.</p>
          <button type="button" className="button primary" onClick={onNew}>
            New note
          </button>
        </>
      )}
    </div>
  );
}
