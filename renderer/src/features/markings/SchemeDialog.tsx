import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { MarkingScheme } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { Modal } from '../../ui/Modal';
import { FieldError } from '../../ui/FieldError';
import { markingKeys, useScheme } from './queries';

const GENERIC: MarkingScheme = {
  levels: [
    { name: 'PUBLIC', colour: '#2e7d32', shareable: true },
    { name: 'INTERNAL', colour: '#1565c0', shareable: false },
    { name: 'PARTNER CONFIDENTIAL', colour: '#a84300', shareable: false },
    { name: 'RESTRICTED', colour: '#c62828', shareable: false },
  ],
  defaultLevel: 'INTERNAL',
  confirmAbove: 'INTERNAL',
};

/** Edit the notebook's marking scheme: levels lowest first, colours, which are shareable, and the defaults. */
export function SchemeDialog({ onClose }: { onClose: () => void }) {
  const scheme = useScheme();
  return scheme.data ? <SchemeEditor initial={scheme.data} onClose={onClose} /> : null;
}

function SchemeEditor({ initial, onClose }: { initial: MarkingScheme; onClose: () => void }) {
  const client = useClient();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<MarkingScheme>(initial);
  const [error, setError] = useState<string | null>(null);
  const levels = draft.levels;
  const setLevel = (i: number, patch: Partial<MarkingScheme['levels'][number]>) =>
    setDraft({ ...draft, levels: levels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const move = (i: number, by: number) => {
    const next = [...levels];
    const [l] = next.splice(i, 1);
    next.splice(i + by, 0, l!);
    setDraft({ ...draft, levels: next });
  };

  async function save(): Promise<void> {
    setError(null);
    try {
      await client.call('markings.setScheme', { scheme: draft });
      void qc.invalidateQueries({ queryKey: markingKeys.scheme });
      void qc.invalidateQueries({ queryKey: ['notes'] });
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <Modal title="Marking scheme" onClose={onClose} testId="scheme-dialog">
      <p className="small muted">Lowest first. Shareable levels may go to any partner of a note’s topic.</p>
      <ol className="scheme-levels">
        {levels.map((l, i) => (
          <li key={i} className="row">
            <input
              aria-label={`Name of level ${i + 1}`}
              value={l.name}
              onChange={(e) => setLevel(i, { name: e.target.value })}
            />
            <input
              type="color"
              aria-label={`Colour of ${l.name}`}
              value={l.colour}
              onChange={(e) => setLevel(i, { colour: e.target.value })}
            />
            <label className="small">
              <input
                type="checkbox"
                checked={l.shareable}
                onChange={(e) => setLevel(i, { shareable: e.target.checked })}
              />{' '}
              shareable
            </label>
            <button type="button" className="link-button" disabled={i === 0} onClick={() => move(i, -1)}>
              Up
            </button>
            <button
              type="button"
              className="link-button"
              disabled={levels.length < 2}
              onClick={() => setDraft({ ...draft, levels: levels.filter((_, j) => j !== i) })}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button"
        onClick={() =>
          setDraft({
            ...draft,
            levels: [...levels, { name: 'NEW LEVEL', colour: '#444444', shareable: false }],
          })
        }
      >
        Add level
      </button>
      <label>
        Unmarked notes count as{' '}
        <select
          value={draft.defaultLevel}
          onChange={(e) => setDraft({ ...draft, defaultLevel: e.target.value })}
        >
          {levels.map((l, i) => (
            <option key={i} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Ask before exporting anything above{' '}
        <select
          value={draft.confirmAbove}
          onChange={(e) => setDraft({ ...draft, confirmAbove: e.target.value })}
        >
          {levels.map((l, i) => (
            <option key={i} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <FieldError message={error} />
      <div className="dialog-actions">
        <button type="button" className="link-button" onClick={() => setDraft(GENERIC)}>
          Generic scheme
        </button>
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button primary" onClick={() => void save()}>
          Save scheme
        </button>
      </div>
    </Modal>
  );
}
