import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FromTemplate } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { invalidateAfterNoteChange, keys } from '../../api/queries';
import { Modal } from '../../ui/Modal';
import { FieldError } from '../../ui/FieldError';
import { templateKeys, useTemplates } from './use-templates';

type Props = {
  /** the topic the new note goes into (the one being looked at), or null for the Inbox */
  topicId: string | null;
  onClose: () => void;
  onCreated: (made: FromTemplate) => void;
};

/**
 * "New note from template": pick a template (the notes of the Templates topic), optionally a title; the
 * core fills the placeholders and says where the cursor marker was. With no templates yet, one click adds
 * the four shipped ones.
 */
export function TemplateDialog({ topicId, onClose, onCreated }: Props) {
  const client = useClient();
  const qc = useQueryClient();
  const list = useTemplates();
  const [picked, setPicked] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const templates = list.data?.templates ?? [];
  const preferred = topicId ? list.data?.defaults[topicId] : undefined;
  const chosen = picked ?? preferred ?? templates[0]?.id ?? null;

  const install = useMutation({
    mutationFn: () => client.call('templates.install', {}),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: templateKeys.list });
      invalidateAfterNoteChange(qc);
    },
  });
  const create = useMutation({
    mutationFn: () =>
      client.call('notes.createFromTemplate', {
        templateId: chosen!,
        topicId,
        ...(title.trim() ? { title: title.trim() } : {}),
      }),
    onSuccess: (made) => {
      qc.setQueryData(keys.notes.detail(made.note.id), made.note);
      invalidateAfterNoteChange(qc);
      onCreated(made);
      onClose();
    },
  });

  return (
    <Modal title="New note from template" onClose={onClose} testId="template-dialog">
      {list.isLoading && <p className="muted">Loading templates…</p>}
      {list.data && templates.length === 0 && (
        <p>
          No templates yet. Templates are the notes of the <strong>Templates</strong> topic.
        </p>
      )}
      {templates.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) create.mutate();
          }}
        >
          <fieldset className="template-choices">
            <legend>Template</legend>
            {templates.map((t) => (
              <label key={t.id} className="radio-row">
                <input
                  type="radio"
                  name="template"
                  value={t.id}
                  checked={chosen === t.id}
                  onChange={() => setPicked(t.id)}
                />
                {t.title || 'Untitled'}
                {t.id === preferred && <span className="muted small"> (this topic’s default)</span>}
              </label>
            ))}
          </fieldset>
          <label>
            Title <span className="muted small">(optional: else the template’s title and today’s date)</span>
            <input
              aria-label="Title of the new note"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <FieldError message={create.error?.message ?? null} />
          <div className="dialog-actions">
            <button
              type="button"
              className="button subtle"
              disabled={install.isPending}
              onClick={() => install.mutate()}
              title="Adds the four shipped templates (ones already there are kept)"
            >
              Add shipped templates
            </button>
            <span className="spacer" />
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={!chosen || create.isPending}>
              Create note
            </button>
          </div>
        </form>
      )}
      {list.data && templates.length === 0 && (
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            disabled={install.isPending}
            onClick={() => install.mutate()}
          >
            Add the four shipped templates
          </button>
        </div>
      )}
      {install.data && (
        <p className="muted small" role="status">
          Added {install.data.added} template{install.data.added === 1 ? '' : 's'}.
        </p>
      )}
      <FieldError message={install.error?.message ?? null} />
    </Modal>
  );
}
