import './links.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { LinkNoteRef } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { invalidateAfterNoteChange, keys } from '../../api/queries';
import { useUi } from '../../state/ui-state';
import { MarkdownPreview, type MarkdownPreviewProps, type WikiLinkEvent } from '../preview/MarkdownPreview';
import { useEmbeds, useLinkStates } from './use-link-data';
import { notePreviewText } from './preview-text';

type Props = {
  noteId: string;
  topicId: string | null;
  source: string;
  terms?: string[] | undefined;
  onToggleTask?: ((line: number, checked: boolean) => void) | undefined;
  /** heading or block to scroll to once (a followed link) */
  scrollTo?: string | null | undefined;
} & Pick<MarkdownPreviewProps, 'attachments' | 'onOpenAttachment' | 'onSaveAttachment'>;

type Popover =
  | { kind: 'hover'; target: string; anchor: string | null; x: number; y: number }
  | { kind: 'choose'; target: string; anchor: string | null; x: number; y: number; candidates: LinkNoteRef[] }
  | { kind: 'create'; target: string; x: number; y: number };

const HOVER_MS = 350;

/**
 * The note preview with working links: a resolved link opens its note (and scrolls to its heading), an
 * unresolved one offers to create the note, an ambiguous one lists the candidates; hovering shows the
 * start of the linked note. Embeds are fetched and rendered inline.
 */
export function LinkedPreview({ noteId, topicId, source, terms, onToggleTask, scrollTo, ...files }: Props) {
  const client = useClient();
  const qc = useQueryClient();
  const { dispatch } = useUi();
  const linkStates = useLinkStates(noteId, source);
  const env = useEmbeds(noteId, source);
  const [pop, setPop] = useState<Popover | null>(null);
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const wrap = useRef<HTMLDivElement>(null);

  const place = useCallback((rect: WikiLinkEvent['rect']) => {
    const box = wrap.current?.getBoundingClientRect();
    return { x: rect.left - (box?.left ?? 0), y: rect.bottom - (box?.top ?? 0) + 4 };
  }, []);

  const onLink = useCallback(
    (e: WikiLinkEvent) => {
      if (hoverTimer.current) clearTimeout(hoverTimer.current);
      if (e.kind === 'leave') {
        setPop((p) => (p?.kind === 'hover' ? null : p));
        return;
      }
      if (e.kind === 'hover') {
        hoverTimer.current = setTimeout(
          () =>
            setPop((p) =>
              p && p.kind !== 'hover'
                ? p
                : { kind: 'hover', target: e.target, anchor: e.anchor, ...place(e.rect) },
            ),
          HOVER_MS,
        );
        return;
      }
      const target = e.target;
      const at = place(e.rect);
      void client.call('links.resolve', { target: target || noteId, fromId: noteId }).then((r) => {
        if (!target) dispatch({ type: 'open', id: noteId, anchor: e.anchor });
        else if (r.status === 'resolved' && r.noteId)
          dispatch({ type: 'open', id: r.noteId, anchor: e.anchor });
        else if (r.status === 'ambiguous')
          setPop({ kind: 'choose', target, anchor: e.anchor, candidates: r.candidates, ...at });
        else if (r.status === 'unresolved') setPop({ kind: 'create', target, ...at });
      });
    },
    [client, dispatch, noteId, place],
  );

  const create = async (title: string) => {
    setPop(null);
    const n = await client.call('notes.create', { title, topicId });
    qc.setQueryData(keys.notes.detail(n.id), n);
    invalidateAfterNoteChange(qc);
    dispatch({ type: 'open', id: n.id, anchor: null });
  };

  useEffect(() => {
    if (!pop || pop.kind === 'hover') return;
    const close = (e: KeyboardEvent) => e.key === 'Escape' && setPop(null);
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [pop]);

  return (
    <div ref={wrap} className="linked-preview">
      <MarkdownPreview
        source={source}
        terms={terms}
        onToggleTask={onToggleTask}
        env={env}
        linkStates={linkStates}
        onLink={onLink}
        scrollTo={scrollTo}
        {...files}
      />
      {pop && (
        <div
          className={`link-popover link-popover-${pop.kind}`}
          style={{ left: Math.max(0, pop.x), top: pop.y }}
          role={pop.kind === 'hover' ? 'tooltip' : 'dialog'}
          aria-label={pop.kind === 'hover' ? undefined : `Link to ${pop.target}`}
          data-testid="link-popover"
        >
          {pop.kind === 'hover' && <HoverCard fromId={noteId} target={pop.target} />}
          {pop.kind === 'create' && (
            <>
              <p>
                No note is called <strong>{pop.target}</strong>.
              </p>
              <div className="row">
                <button
                  type="button"
                  className="button primary"
                  autoFocus
                  onClick={() => void create(pop.target)}
                >
                  Create “{pop.target}”
                </button>
                <button type="button" className="button" onClick={() => setPop(null)}>
                  Cancel
                </button>
              </div>
            </>
          )}
          {pop.kind === 'choose' && (
            <>
              <p>Several notes are called “{pop.target}”. Open:</p>
              <ul className="plain-list">
                {pop.candidates.map((c, i) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="link-button"
                      autoFocus={i === 0}
                      onClick={() => {
                        setPop(null);
                        dispatch({ type: 'open', id: c.id, anchor: pop.anchor });
                      }}
                    >
                      {c.title}
                      <CandidateTopic topicId={c.topicId} />
                    </button>
                  </li>
                ))}
              </ul>
              <button type="button" className="button" onClick={() => setPop(null)}>
                Cancel
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}

function CandidateTopic({ topicId }: { topicId: string | null }) {
  const client = useClient();
  const topics = useQuery({ queryKey: keys.topics.all, queryFn: () => client.call('topics.list', {}) });
  const name = topicId ? (topics.data?.find((t) => t.id === topicId)?.name ?? '') : 'Inbox';
  return name ? <span className="muted small"> · {name}</span> : null;
}

/** The start of the note a link goes to (title and ~300 characters of text). */
function HoverCard({ fromId, target }: { fromId: string; target: string }) {
  const client = useClient();
  const q = useQuery({
    queryKey: ['links', 'hover', fromId, target.toLowerCase()],
    staleTime: 10_000,
    queryFn: async () => {
      const r = await client.call('links.resolve', { target: target || fromId, fromId });
      if (r.status === 'ambiguous')
        return { title: target, text: `${r.candidates.length} notes have this name.` };
      if (r.status !== 'resolved' || !r.noteId)
        return { title: target, text: 'No such note yet: click to create it.' };
      const n = await client.call('notes.get', { id: r.noteId });
      return { title: n.title || 'Untitled', text: notePreviewText(n.body) };
    },
  });
  if (!q.data) return <p className="muted small">…</p>;
  return (
    <>
      <strong className="hover-title">{q.data.title}</strong>
      <p className="hover-text">{q.data.text || <span className="muted">(empty note)</span>}</p>
    </>
  );
}
