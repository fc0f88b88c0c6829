import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { EditorView } from '@codemirror/view';
import type { Attachment, AttachmentView, NoteSaved } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { invalidateAfterNoteChange, keys } from '../../api/queries';
import type { AttachFiles } from '../editor/file-drop';
import { openAttachment, saveAttachmentAs } from './api';
import { attachmentKeys, useAttachmentLimit, useNoteAttachments } from './queries';
import { useAttachFiles } from './use-attach-files';

/** The previous value while `key` of the new one is the same. */
function useStable<T>(value: T, key: (v: T) => string): T {
  const [kept, setKept] = useState({ value, key: key(value) });
  const k = key(value);
  if (k !== kept.key) {
    setKept({ value, key: k });
    return value;
  }
  return kept.value;
}

type Options = {
  noteId: string;
  /** the body as last saved (the list follows the references in it) */
  savedBody: string;
  view: { current: EditorView | null };
  /** saves pending typing first, so a rename or remove on the server does not race it */
  flush: () => Promise<void>;
};

/**
 * Everything the note editor does with files: the list for the preview and the panel (plus files
 * attached a moment ago, before the save that references them lists them), attaching by paste, drop or
 * picker, and rename / remove / open.
 */
export function useNoteFiles({ noteId, savedBody, view, flush }: Options) {
  const client = useClient();
  const qc = useQueryClient();
  const list = useNoteAttachments(noteId, savedBody);
  const limit = useAttachmentLimit();
  const [fresh, setFresh] = useState<Attachment[]>([]);
  const onAttached = useCallback(
    (a: Attachment) => setFresh((f) => [...f.filter((x) => x.id !== a.id), a]),
    [],
  );
  const { attach, error, clearError } = useAttachFiles({ limitBytes: limit.data?.bytes, onAttached });
  const [openError, setOpenError] = useState<string | null>(null);

  const merged = useMemo<AttachmentView[]>(() => {
    const listed = list.data ?? [];
    const known = new Set(listed.map((a) => a.id));
    return [
      ...listed,
      ...fresh.filter((a) => !known.has(a.id)).map((a) => ({ ...a, shownName: a.name, missing: false })),
    ];
  }, [list.data, fresh]);
  // A refetch that finds the same files keeps the same array, so the preview does not rebuild a long
  // note's HTML for nothing.
  const items = useStable(merged, (a) => a.map((x) => `${x.id}\t${x.shownName}\t${x.missing}`).join('\n'));

  const attachRef = useRef<AttachFiles | null>(null);
  useEffect(() => {
    attachRef.current = attach;
  }, [attach]);

  /** Files from the Attach… picker go in at the caret (or the end if the editor never had focus). */
  const attachPicked = useCallback(
    (files: File[]) => {
      const v = view.current;
      if (!v || !files.length) return;
      attach(files, v, v.state.selection.main.head);
    },
    [attach, view],
  );

  const afterSave = useCallback(
    (saved: NoteSaved) => {
      qc.setQueryData(keys.notes.detail(noteId), saved);
      invalidateAfterNoteChange(qc);
      void qc.invalidateQueries({ queryKey: attachmentKeys.all });
    },
    [noteId, qc],
  );
  const rename = useCallback(
    async (id: string, name: string) => {
      await flush();
      afterSave(await client.call('attachments.rename', { noteId, id, name }));
    },
    [afterSave, client, flush, noteId],
  );
  const remove = useCallback(
    async (id: string) => {
      await flush();
      afterSave(await client.call('attachments.remove', { noteId, id }));
      setFresh((f) => f.filter((a) => a.id !== id));
    },
    [afterSave, client, flush, noteId],
  );
  const open = useCallback(
    (id: string, name: string) => {
      openAttachment(client, id, name).then(
        () => setOpenError(null),
        (err: unknown) => setOpenError(`Cannot open the file: ${(err as Error).message}`),
      );
    },
    [client],
  );
  const saveAs = useCallback(
    (id: string, name: string) => {
      saveAttachmentAs(client, id, name).then(
        () => setOpenError(null),
        (err: unknown) => setOpenError(`Not saved: ${(err as Error).message}`),
      );
    },
    [client],
  );

  return {
    items,
    /** for the editor's paste/drop extension: read when a file arrives, so the extension is built once */
    attachRef,
    attachPicked,
    rename,
    remove,
    open,
    saveAs,
    error: error ?? openError,
    clearError: () => {
      clearError();
      setOpenError(null);
    },
  };
}
