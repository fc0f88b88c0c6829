import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import { invalidateAfterNoteChange, keys } from '../../api/queries';
import { useUi } from '../../state/ui-state';
import { linkKeys } from './use-link-data';

/**
 * Under the open note: every note linking to it with the sentence around each link, and notes that name
 * it without a link ("mentions"), each with a one-click "Link it".
 */
export function BacklinksPanel({ noteId }: { noteId: string }) {
  const client = useClient();
  const qc = useQueryClient();
  const { dispatch } = useUi();
  const [open, setOpen] = useState(true);
  const backlinks = useQuery({
    queryKey: linkKeys.backlinks(noteId),
    queryFn: () => client.call('links.backlinks', { id: noteId }),
  });
  const mentions = useQuery({
    queryKey: linkKeys.mentions(noteId),
    queryFn: () => client.call('links.mentions', { id: noteId, limit: 50 }),
    enabled: open,
  });
  const linkIt = useMutation({
    mutationFn: (m: { sourceId: string; offset: number; length: number }) =>
      client.call('links.linkIt', { ...m, targetId: noteId }),
    onSuccess: (n) => {
      qc.setQueryData(keys.notes.detail(n.id), n);
      invalidateAfterNoteChange(qc);
    },
  });
  const count = backlinks.data?.reduce((s, b) => s + b.items.length, 0) ?? 0;
  return (
    <aside className="links-panel" aria-label="Backlinks" data-testid="backlinks">
      <button
        type="button"
        className="links-panel-head"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? '▾' : '▸'} Linked from{' '}
        {backlinks.data ? `${backlinks.data.length} note${backlinks.data.length === 1 ? '' : 's'}` : '…'}
        {count > 0 && (
          <span className="muted small">
            {' '}
            ({count} link{count === 1 ? '' : 's'})
          </span>
        )}
        {mentions.data && mentions.data.length > 0 && (
          <span className="muted small">
            {' '}
            · {mentions.data.length} unlinked mention{mentions.data.length === 1 ? '' : 's'}
          </span>
        )}
      </button>
      {open && (
        <div className="links-panel-body">
          {backlinks.data?.length === 0 && <p className="muted small">No note links here yet.</p>}
          <ul className="backlink-list">
            {backlinks.data?.map((b) => (
              <li key={b.note.id}>
                <button
                  type="button"
                  className="link-button backlink-title"
                  onClick={() => dispatch({ type: 'open', id: b.note.id, anchor: null })}
                >
                  {b.note.title || 'Untitled'}
                </button>
                {b.items.map((it, i) => (
                  <p key={i} className="backlink-context small">
                    {it.context}
                  </p>
                ))}
              </li>
            ))}
          </ul>
          {mentions.data && mentions.data.length > 0 && (
            <>
              <h3 className="links-panel-sub">Unlinked mentions</h3>
              <ul className="backlink-list" aria-label="Unlinked mentions">
                {mentions.data.map((m) => (
                  <li key={`${m.note.id}:${m.offset}`}>
                    <button
                      type="button"
                      className="link-button backlink-title"
                      onClick={() => dispatch({ type: 'open', id: m.note.id, anchor: null })}
                    >
                      {m.note.title || 'Untitled'}
                    </button>
                    <p className="backlink-context small">{m.context}</p>
                    <button
                      type="button"
                      className="button small-button"
                      disabled={linkIt.isPending}
                      aria-label={`Link “${m.text}” in ${m.note.title || 'Untitled'}`}
                      onClick={() =>
                        linkIt.mutate({ sourceId: m.note.id, offset: m.offset, length: m.length })
                      }
                    >
                      Link it
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          {linkIt.error && (
            <p className="field-error" role="alert">
              {linkIt.error.message}
            </p>
          )}
        </div>
      )}
    </aside>
  );
}
