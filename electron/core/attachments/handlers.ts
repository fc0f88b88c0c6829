import type { AttachmentsUseCases } from './use-cases.js';

/** The attachments.* calls and the per-file limit setting. */
export function attachmentsHandlers(core: AttachmentsUseCases) {
  return {
    'attachments.add': (i: { path: string; name?: string; incoming?: boolean }) =>
      core.attach(i.path, { name: i.name, incoming: i.incoming }),
    'attachments.addBytes': (i: { bytes: Uint8Array; name: string }) => core.attachBytes(i.bytes, i.name),
    'attachments.read': (i: { id: string; offset: number; length: number }) =>
      core.readAttachment(i.id, i.offset, i.length),
    'attachments.list': (i: { noteId: string }) => core.listAttachments(i.noteId),
    'attachments.get': async (i: { id: string }) => core.getAttachment(i.id),
    'attachments.rename': (i: { noteId: string; id: string; name: string }) =>
      core.renameAttachment(i.noteId, i.id, i.name),
    'attachments.remove': (i: { noteId: string; id: string }) => core.removeAttachment(i.noteId, i.id),
    'attachments.saveAs': (i: { id: string; dest: string }) => core.saveAttachmentAs(i.id, i.dest),
    'attachments.text': async (i: { id: string }) => core.attachmentText(i.id),
    'attachments.limit': async () => core.attachmentLimit(),
    'settings.setAttachmentLimit': async (i: { bytes: number }) => {
      await core.setAttachmentLimit(i.bytes);
      return null;
    },
  };
}
