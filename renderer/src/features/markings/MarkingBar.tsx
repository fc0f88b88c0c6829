import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { NoteView, TopicSummary } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { invalidateAfterNoteChange, keys } from '../../api/queries';
import { useScheme } from './queries';
import { textOn } from './marking-colours';

/**
 * The coloured marking banner on top of a note (its level and releasability, inherited or its own), with a
 * small form to change them. A change is saved at once and lands in the note's history.
 */
export function MarkingBar({ note, topic }: { note: NoteView; topic: TopicSummary | undefined }) {
  const client = useClient();
  const qc = useQueryClient();
  const scheme = useScheme();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!scheme.data) return null;
  const s = scheme.data;
  const inheritedLevel = topic?.marking ?? s.defaultLevel;
  const level = (note.marking ?? inheritedLevel).toUpperCase();
  const rel = note.releasableTo ?? topic?.releasableTo ?? [];
  const colour = s.levels.find((l) => l.name === level)?.colour ?? s.levels.at(-1)!.colour;
  const banner = rel.length ? `${level} // REL TO ${rel.join(', ')}` : level;

  async function set(patch: { marking?: string | null; releasableTo?: string[] | null }): Promise<void> {
    setError(null);
    try {
      const saved = await client.call('markings.setNote', { id: note.id, ...patch });
      qc.setQueryData(keys.notes.detail(note.id), saved);
      invalidateAfterNoteChange(qc);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <div className="marking-bar">
      <div
        className="marking-banner"
        style={{ background: colour, color: textOn(colour) }}
        data-testid="marking-banner"
        aria-label={`Marking: ${banner}`}
        role="note"
      >
        <span>{banner}</span>
        <button
          type="button"
          className="marking-change"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          style={{ color: textOn(colour) }}
        >
          {open ? 'Done' : 'Change marking'}
        </button>
      </div>
      {open && (
        <div className="marking-form small" data-testid="marking-form">
          <label>
            Marking{' '}
            <select
              aria-label="Marking of this note"
              value={note.marking ?? ''}
              onChange={(e) => void set({ marking: e.target.value || null })}
            >
              <option value="">
                Inherit ({inheritedLevel}
                {topic?.marking ? ', topic default' : ''})
              </option>
              {s.levels.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name}
                  {l.shareable ? ' (shareable with the topic’s partners)' : ''}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Releasable to</legend>
            <label>
              <input
                type="checkbox"
                checked={note.releasableTo === undefined}
                onChange={(e) => void set({ releasableTo: e.target.checked ? null : rel })}
              />{' '}
              Inherit from the topic
            </label>
            {(topic?.partners ?? []).map((p) => (
              <label key={p}>
                <input
                  type="checkbox"
                  disabled={note.releasableTo === undefined}
                  checked={rel.includes(p)}
                  onChange={(e) =>
                    void set({ releasableTo: e.target.checked ? [...rel, p] : rel.filter((x) => x !== p) })
                  }
                />{' '}
                {p}
              </label>
            ))}
            {!topic?.partners.length && <span className="muted">This note’s topic has no partners.</span>}
          </fieldset>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
