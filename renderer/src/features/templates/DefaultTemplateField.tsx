import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import { templateKeys, useTemplates } from './use-templates';

/** The topic dialog's "new notes start from" setting (templates.setDefault), saved on change. */
export function DefaultTemplateField({ topicId }: { topicId: string }) {
  const client = useClient();
  const qc = useQueryClient();
  const list = useTemplates();
  const set = useMutation({
    mutationFn: (templateId: string | null) => client.call('templates.setDefault', { topicId, templateId }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: templateKeys.list }),
  });
  if (!list.data || list.data.topicId === topicId) return null;
  return (
    <label>
      New notes start from
      <select
        aria-label="Default template"
        value={list.data.defaults[topicId] ?? ''}
        disabled={set.isPending}
        onChange={(e) => set.mutate(e.target.value || null)}
      >
        <option value="">An empty note</option>
        {list.data.templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title || 'Untitled'}
          </option>
        ))}
      </select>
    </label>
  );
}
