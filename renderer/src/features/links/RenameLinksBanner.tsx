import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import { invalidateAfterNoteChange } from '../../api/queries';

type Props = {
  noteId: string;
  /** the title links pointed at before the rename */
  from: string;
  /** the links were updated: one undoable step */
  onDone: (label: string, undoId: number | null) => void;
  /** closed either way (updated or kept) */
  onClose: () => void;
};

/** After a note's title changed: how many links still use the old title, and one click to update them all. */
export function RenameLinksBanner({ noteId, from, onDone, onClose }: Props) {
  const client = useClient();
  const qc = useQueryClient();
  const impact = useQuery({
    queryKey: ['links', 'retargetImpact', noteId, from],
    queryFn: () => client.call('links.retargetImpact', { id: noteId, from }),
  });
  const retarget = useMutation({
    mutationFn: () => client.call('links.retarget', { id: noteId, from }),
    onSuccess: (r) => {
      invalidateAfterNoteChange(qc);
      void qc.invalidateQueries({ queryKey: ['notes', 'detail'] });
      onDone(r.label, r.undoId);
      onClose();
    },
  });
  const n = impact.data;
  if (!n || n.links === 0) return null;
  return (
    <div className="banner" role="status" data-testid="rename-links">
      <span>
        {n.links} link{n.links === 1 ? '' : 's'} in {n.notes} note{n.notes === 1 ? '' : 's'} still point
        {n.links === 1 ? 's' : ''} at the old title “{from}”.
      </span>
      <button
        type="button"
        className="button primary"
        disabled={retarget.isPending}
        onClick={() => retarget.mutate()}
      >
        Update {n.links} link{n.links === 1 ? '' : 's'}
      </button>
      <button type="button" className="link-button" onClick={onClose}>
        Keep them
      </button>
      {retarget.error && <span className="field-error">{retarget.error.message}</span>}
    </div>
  );
}
