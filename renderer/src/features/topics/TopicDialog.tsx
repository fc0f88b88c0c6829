import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { TopicStatus } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { invalidateAfterNoteChange, useTopics } from '../../api/queries';
import { useUi } from '../../state/ui-state';
import { Modal } from '../../ui/Modal';
import { FieldError } from '../../ui/FieldError';
import { DefaultTemplateField } from '../templates/DefaultTemplateField';
import { TopicMarkingField } from '../markings/TopicMarkingField';

/** Create or edit a topic (name, partners, status, description); delete with confirmation. */
export function TopicDialog({ topicId, onClose }: { topicId: string | null; onClose: () => void }) {
  const client = useClient();
  const qc = useQueryClient();
  const { dispatch } = useUi();
  const existing = useTopics().data?.find((t) => t.id === topicId);
  const [name, setName] = useState(existing?.name ?? '');
  const [partners, setPartners] = useState(existing?.partners.join('; ') ?? '');
  const [status, setStatus] = useState<TopicStatus>(existing?.status ?? 'active');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    setBusy(true);
    setError(null);
    const fields = { name, partners: partners.split(/[;\n]/), status, description };
    try {
      const topic = existing
        ? await client.call('topics.update', { id: existing.id, ...fields })
        : await client.call('topics.create', fields);
      invalidateAfterNoteChange(qc);
      dispatch({ type: 'topic', topicId: topic.id });
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(withNotes: boolean): Promise<void> {
    if (!existing) return;
    setError(null);
    try {
      await client.call('topics.delete', { id: existing.id, withNotes });
      invalidateAfterNoteChange(qc);
      dispatch({ type: 'topic', topicId: null });
      onClose();
    } catch (err) {
      if (
        err instanceof ApiError &&
        err.code === 'CONFLICT' &&
        typeof err.payload.details?.noteCount === 'number'
      ) {
        setConfirmDelete(err.payload.details.noteCount);
      } else setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <Modal title={existing ? 'Edit topic' : 'New topic'} onClose={onClose} testId="topic-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Interceptor seeker co-development"
            required
            aria-label="Topic name"
          />
        </label>
        <label>
          Partners <span className="muted small">(separate with ;)</span>
          <input
            value={partners}
            onChange={(e) => setPartners(e.target.value)}
            placeholder="Fraunhofer FHR; KAIST"
            aria-label="Partners"
          />
        </label>
        <label>
          Status
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as TopicStatus)}
            aria-label="Status"
          >
            <option value="planned">Planned</option>
            <option value="active">Active</option>
            <option value="concluded">Concluded</option>
          </select>
        </label>
        <label>
          Description
          <textarea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={3}
            aria-label="Description"
          />
        </label>
        {existing && <DefaultTemplateField topicId={existing.id} />}
        {existing && <TopicMarkingField topic={existing} />}
        <FieldError message={error} />
        {confirmDelete !== null && (
          <div className="confirm" role="alert">
            <p>
              “{existing?.name}” has {confirmDelete} note{confirmDelete === 1 ? '' : 's'}. Delete the topic
              and move its notes to the trash?
            </p>
            <button type="button" className="button danger" onClick={() => void remove(true)}>
              Delete topic and {confirmDelete} note{confirmDelete === 1 ? '' : 's'}
            </button>{' '}
            <button type="button" className="button" onClick={() => setConfirmDelete(null)}>
              Keep it
            </button>
          </div>
        )}
        <div className="dialog-actions">
          {existing && confirmDelete === null && (
            <button type="button" className="button danger subtle" onClick={() => void remove(false)}>
              Delete topic…
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {existing ? 'Save' : 'Create topic'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
