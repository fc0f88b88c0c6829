import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { TopicSummary } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { invalidateAfterNoteChange } from '../../api/queries';
import { useScheme } from './queries';

/**
 * The topic dialog's default marking and releasability: every note of the topic without its own inherits
 * them. Saved on change (markings.setTopic), like the dialog's default template.
 */
export function TopicMarkingField({ topic }: { topic: TopicSummary }) {
  const client = useClient();
  const qc = useQueryClient();
  const scheme = useScheme();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!scheme.data) return null;
  const s = scheme.data;
  const rel = topic.releasableTo ?? [];

  async function set(patch: { marking?: string | null; releasableTo?: string[] | null }): Promise<void> {
    setError(null);
    setBusy(true);
    try {
      await client.call('markings.setTopic', { id: topic.id, ...patch });
      invalidateAfterNoteChange(qc);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    // Not disabled while saving: a disabled control drops the keyboard focus out of the dialog.
    <fieldset className="topic-marking" data-testid="topic-marking" aria-busy={busy}>
      <legend>Marking of its notes</legend>
      <label>
        Default marking
        <select
          aria-label="Default marking of the topic’s notes"
          value={topic.marking ?? ''}
          onChange={(e) => void set({ marking: e.target.value || null })}
        >
          <option value="">The notebook’s default ({s.defaultLevel})</option>
          {s.levels.map((l) => (
            <option key={l.name} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {topic.partners.length > 0 ? (
        <div role="group" aria-label="Releasable to, by default">
          <span className="small muted">Releasable to, by default:</span>{' '}
          {topic.partners.map((p) => (
            <label key={p} className="inline-check">
              <input
                type="checkbox"
                checked={rel.includes(p)}
                onChange={(e) => {
                  const next = e.target.checked ? [...rel, p] : rel.filter((x) => x !== p);
                  void set({ releasableTo: next.length ? next : null });
                }}
              />{' '}
              {p}
            </label>
          ))}
        </div>
      ) : (
        <p className="small muted">Add partners to the topic to make its notes releasable to them.</p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
