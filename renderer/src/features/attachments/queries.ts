import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';

/** Query keys of the attachments feature. */
export const attachmentKeys = {
  all: ['attachments'] as const,
  /** per note and version: a save that adds or drops a reference gives a new list */
  note: (noteId: string, version: number) => ['attachments', 'note', noteId, version] as const,
  limit: ['attachments', 'limit'] as const,
};

/** The attachments the open note references (type, size, shown name, missing). */
export function useNoteAttachments(noteId: string, version: number) {
  const client = useClient();
  return useQuery({
    queryKey: attachmentKeys.note(noteId, version),
    queryFn: () => client.call('attachments.list', { noteId }),
    placeholderData: (prev) => prev,
  });
}

/** The per-file limit, checked before an upload starts so a too-large file is refused at once. */
export function useAttachmentLimit() {
  const client = useClient();
  return useQuery({ queryKey: attachmentKeys.limit, queryFn: () => client.call('attachments.limit', {}) });
}
