import { useCallback, useRef, useState } from 'react';
import type { EditorView } from '@codemirror/view';
import type { Attachment } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { finishUpload, startUpload } from '../editor/upload-placeholders';
import { formatBytes } from '../../ui/format-bytes';
import { uploadAttachment } from './api';

/** A pasted screenshot arrives as "image.png": give it a name that says when (as Obsidian does). */
function nameFor(file: File): string {
  if (file.name && file.name !== 'image.png') return file.name;
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '-');
  const ext = file.type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
  return `Pasted image ${stamp}.${ext}`;
}

/**
 * Attaching files to the open note: each file is uploaded (stored durably by the core) and only then its
 * markdown goes into the text where the caret or drop point was, so a saved note never points at a file
 * that is not there. Files over the limit are refused before any byte is sent, with the reason.
 */
export function useAttachFiles(opts: {
  limitBytes: number | undefined;
  onAttached: (a: Attachment) => void;
}) {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const { limitBytes, onAttached } = opts;
  const attach = useCallback(
    (files: File[], view: EditorView, pos: number) => {
      const problems: string[] = [];
      for (const file of files) {
        const name = nameFor(file);
        if (limitBytes !== undefined && file.size > limitBytes) {
          problems.push(
            `“${name}” is ${formatBytes(file.size)}; files of at most ${formatBytes(limitBytes)} can be attached (see the attachment limit in settings).`,
          );
          continue;
        }
        const id = startUpload(view, pos, `Attaching ${name}…`);
        // One upload at a time, in the order given: the links land in that order, and a batch of large
        // files does not compete for the disk.
        queue.current = queue.current.then(() =>
          uploadAttachment(client, file, name).then(
            (r) => {
              onAttached(r.attachment);
              if (view.dom.isConnected) finishUpload(view, id, r.markdown);
              else setError(`“${name}” was stored, but the note was closed before its link could be added.`);
            },
            (err: unknown) => {
              finishUpload(view, id, null);
              setError(`Not attached: ${(err as Error).message}`);
            },
          ),
        );
      }
      setError(problems.length ? problems.join(' ') : null);
    },
    [client, limitBytes, onAttached],
  );
  return { attach, error, clearError: () => setError(null) };
}
