import { useState } from 'react';
import { useSavedSearchMutations } from '../api/queries';
import { Modal } from './Modal';
import { FieldError } from './FieldError';

/** Names the current query and keeps it in the sidebar. */
export function SaveSearchDialog({ query, onClose }: { query: string; onClose: () => void }) {
  const { create } = useSavedSearchMutations();
  const [name, setName] = useState('');
  return (
    <Modal title="Save search" onClose={onClose} testId="save-search-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, query }, { onSuccess: onClose });
        }}
      >
        <p className="muted small">
          <code>{query}</code>
        </p>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Open KAIST actions" aria-label="Saved search name" />
        </label>
        <FieldError message={create.error?.message} />
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={!name.trim() || create.isPending}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
