import { useState } from 'react';
import type { AttachmentView } from '../../../../electron/contract/index';
import { formatBytes } from '../../ui/format-bytes';

type Props = {
  items: readonly AttachmentView[];
  onRename: (id: string, name: string) => Promise<void>;
  onRemove: (id: string) => Promise<void>;
  onOpen: (id: string, name: string) => void;
  onSave: (id: string, name: string) => void;
};

/**
 * The open note's files: rename what the note shows, remove the reference (the file itself goes when no
 * note or revision needs it), open, save a copy.
 */
export function AttachmentsPanel({ items, onRename, onRemove, onOpen, onSave }: Props) {
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (p: Promise<void>) =>
    p.then(
      () => setError(null),
      (err: unknown) => setError((err as Error).message),
    );
  if (!items.length)
    return (
      <section className="attachments-panel" aria-label="Attachments" data-testid="attachments-panel">
        <p className="muted small">
          No files yet. Paste or drop files into the text, or use Attach… (Alt+A).
        </p>
      </section>
    );
  return (
    <section className="attachments-panel" aria-label="Attachments" data-testid="attachments-panel">
      <ul>
        {items.map((a) => {
          return (
            <li key={a.id} data-testid="attachment-row" className={a.missing ? 'missing' : ''}>
              {editing?.id === a.id ? (
                <form
                  className="attachment-rename"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const name = editing.name.trim();
                    setEditing(null);
                    if (name && name !== a.shownName) void run(onRename(a.id, name));
                  }}
                >
                  <input
                    aria-label={`New name for ${a.shownName}`}
                    value={editing.name}
                    autoFocus
                    onChange={(e) => setEditing({ id: a.id, name: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === 'Escape') {
                        e.stopPropagation();
                        setEditing(null);
                      }
                    }}
                  />
                  <button type="submit" className="button">
                    Rename
                  </button>
                </form>
              ) : (
                <span
                  className="attachment-row-name"
                  title={a.name !== a.shownName ? `Attached as ${a.name}` : ''}
                >
                  {a.shownName}
                </span>
              )}
              <span className="muted small">
                {a.missing ? 'file missing' : `${a.mediaType} · ${formatBytes(a.size)}`}
              </span>
              <span className="attachment-row-actions">
                <button
                  type="button"
                  className="link-button"
                  disabled={a.missing}
                  onClick={() => onOpen(a.id, a.shownName)}
                >
                  Open
                </button>
                <button
                  type="button"
                  className="link-button"
                  disabled={a.missing}
                  onClick={() => onSave(a.id, a.shownName)}
                >
                  Save as…
                </button>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setEditing({ id: a.id, name: a.shownName })}
                  aria-label={`Rename ${a.shownName}`}
                >
                  Rename
                </button>
                <button
                  type="button"
                  className="link-button danger"
                  onClick={() => void run(onRemove(a.id))}
                  aria-label={`Remove ${a.shownName}`}
                >
                  Remove
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
