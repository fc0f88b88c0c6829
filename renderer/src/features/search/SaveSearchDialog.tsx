import { useState } from 'react';
import type { SavedSearch } from '../../../../electron/contract/index';
import { useSavedSearchMutations } from '../../api/queries';
import { Modal } from '../../ui/Modal';
import { FieldError } from '../../ui/FieldError';

type Props = { query: string; existing?: SavedSearch | undefined; onClose: () => void };

/** Names the current query and keeps it in the sidebar, or renames / rewrites a saved one. */
export function SaveSearchDialog({ query: initialQuery, existing, onClose }: Props) {
  const { create, update } = useSavedSearchMutations();
  const [name, setName] = useState(existing?.name ?? '');
  const [query, setQuery] = useState(existing?.query ?? initialQuery);
  const pending = create.isPending || update.isPending;
  return (
    <Modal
      title={existing ? 'Edit saved search' : 'Save search'}
      onClose={onClose}
      testId="save-search-dialog"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (existing) update.mutate({ id: existing.id, name, query }, { onSuccess: onClose });
          else create.mutate({ name, query }, { onSuccess: onClose });
        }}
      >
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Open KAIST actions"
            aria-label="Saved search name"
          />
        </label>
        <label>
          Query
          <input value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Saved search query" />
        </label>
        <FieldError message={(existing ? update.error : create.error)?.message} />
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={!name.trim() || pending}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
