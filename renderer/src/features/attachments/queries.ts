import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';

/** Query keys of the attachments feature. */
export const attachmentKeys = {
  all: ['attachments'] as const,
  /** per note and the references its saved body holds: only a save that changes them refetches */
  note: (noteId: string, refs: string) => ['attachments', 'note', noteId, refs] as const,
  limit: ['attachments', 'limit'] as const,
};

/** The attachment references in a body, as one string (`attachments/<id>/<name>` each). */
export function attachmentRefs(body: string): string {
  return (body.match(/attachments\/[0-9a-f]{16,64}\/[^)\s>]*/g) ?? []).join('\n');
}

/** The attachments the open note references (type, size, shown name, missing), as its saved body has them. */
export function useNoteAttachments(noteId: string, savedBody: string) {
  const client = useClient();
  return useQuery({
    queryKey: attachmentKeys.note(noteId, attachmentRefs(savedBody)),
    queryFn: () => client.call('attachments.list', { noteId }),
    placeholderData: (prev) => prev,
  });
}

/** The per-file limit, checked before an upload starts so a too-large file is refused at once. */
export function useAttachmentLimit() {
  const client = useClient();
  return useQuery({ queryKey: attachmentKeys.limit, queryFn: () => client.call('attachments.limit', {}) });
}
