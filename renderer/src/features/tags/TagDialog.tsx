import { useState } from 'react';
import type { TagNode } from '../../../../electron/contract/index';
import { useTagAction, useTags } from '../../api/queries';
import { useUi } from '../../state/ui-state';
import { Modal } from '../../ui/Modal';
import { FieldError } from '../../ui/FieldError';

type Props = { tag: string; onClose: () => void; onDone: (label: string, undoId: number | null) => void };

/** Rename, merge or remove one tag across every note; the result toast offers undo. */
export function TagDialog({ tag, onClose, onDone }: Props) {
  const { state, dispatch } = useUi();
  const tags = useTags();
  const action = useTagAction();
  const [name, setName] = useState(tag);
  const [target, setTarget] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const count = tags.data ? findNode(tags.data.tree, tag)?.count : undefined;
  const others = (tags.data?.all ?? [])
    .map((t) => t.tag)
    .filter((t) => t !== tag && !t.startsWith(tag + '/'));

  const run = (a: Parameters<typeof action.mutate>[0]) =>
    action.mutate(a, {
      onSuccess: (r) => {
        // A filter on the old tag would now show nothing: drop it.
        if (state.tags.includes(tag)) dispatch({ type: 'removeTag', tag });
        onDone(`${r.label} (${r.notes} note${r.notes === 1 ? '' : 's'})`, r.undoId);
        onClose();
      },
    });

  return (
    <Modal title={`Tag #${tag}`} onClose={onClose} testId="tag-dialog">
      <p className="muted small">
        Used by {count ?? '…'} note{count === 1 ? '' : 's'}, counting nested tags. Changes apply to every note
        and can be undone.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run({ kind: 'rename', from: tag, to: name });
        }}
      >
        <label>
          Rename to <span className="muted small">(nested tags move along)</span>
          <input value={name} onChange={(e) => setName(e.target.value)} aria-label="New tag name" />
        </label>
        <div className="dialog-actions">
          <span className="spacer" />
          <button
            type="submit"
            className="button primary"
            disabled={action.isPending || !name.trim() || name.trim() === tag}
          >
            Rename
          </button>
        </div>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run({ kind: 'merge', source: tag, target });
        }}
      >
        <label>
          Merge into
          <select value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Merge into tag">
            <option value="">Choose a tag…</option>
            {others.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="submit" className="button" disabled={action.isPending || !target}>
            Merge
          </button>
        </div>
      </form>
      <FieldError message={action.error?.message} />
      <div className="dialog-actions">
        {confirmDelete ? (
          <>
            <span>Remove #{tag} from all notes? The notes stay.</span>
            <button type="button" className="button danger" onClick={() => run({ kind: 'delete', tag })}>
              Remove tag
            </button>
            <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button danger subtle" onClick={() => setConfirmDelete(true)}>
            Remove from all notes…
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

function findNode(nodes: TagNode[], tag: string): TagNode | undefined {
  for (const n of nodes) {
    if (n.tag === tag) return n;
    if (tag.startsWith(n.tag + '/')) return findNode(n.children, tag);
  }
  return undefined;
}
