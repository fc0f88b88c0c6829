import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type {
  Facets,
  NoteFilter,
  NoteSort,
  NoteSummary,
  QueryHint,
} from '../../../../electron/contract/index';
import { usePagedNotes } from '../../hooks/use-paged-notes';
import { highlight } from '../../lib/highlight';
import { noteTitle, shortDate } from '../../lib/format';
import { useTopics } from '../../api/queries';
import { MarkingBadge } from '../markings/MarkingBadge';

type Props = {
  filter: NoteFilter;
  sort: NoteSort;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onMeta: (meta: ListMeta) => void;
  /** lets the shell find neighbours for next/previous-note shortcuts */
  neighboursRef: React.MutableRefObject<(id: string | null, delta: number) => string | null>;
  empty: React.ReactNode;
};

/** What the list tells the rest of the window about the current result set. */
export type ListMeta = {
  total: number | undefined;
  explained: string | undefined;
  /** the query's meaning in words, from the core's explainer */
  meaning: string | undefined;
  hints: QueryHint[] | undefined;
  terms: string[] | undefined;
  facets: Facets | undefined;
  forText: string | undefined;
};

const ROW_HEIGHT = 84;

/** The virtualised list of notes matching the filter; renders only the rows on screen. */
export function NoteList({ filter, sort, selectedId, onSelect, onMeta, neighboursRef, empty }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ first: 0, last: 40 });
  const paged = usePagedNotes(filter, sort, range.first, range.last);
  const total = paged.total ?? 0;
  const topics = useTopics();
  const topicName = new Map((topics.data ?? []).map((t) => [t.id, t.name]));

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is the documented way to virtualise here
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const first = virtualItems[0]?.index ?? 0;
  const last = virtualItems.at(-1)?.index ?? 0;

  useEffect(() => {
    if (first !== range.first || last !== range.last) setRange({ first, last });
  }, [first, last, range.first, range.last]);

  useEffect(() => {
    onMeta({
      total: paged.total,
      explained: paged.explained,
      meaning: paged.meaning,
      hints: paged.hints,
      terms: paged.terms,
      facets: paged.facets,
      forText: paged.forText,
    });
  }, [
    paged.total,
    paged.explained,
    paged.meaning,
    paged.hints,
    paged.terms,
    paged.facets,
    paged.forText,
    onMeta,
  ]);

  // Next/previous note: look up neighbours among loaded rows, scrolling them into view.
  useEffect(() => {
    neighboursRef.current = (id, delta) => {
      let index = -1;
      for (let i = 0; i < total && i < 100_000; i++) {
        const item = paged.item(i);
        if (!item) continue;
        if (item.id === id) {
          index = i;
          break;
        }
      }
      const next = index < 0 ? 0 : Math.min(total - 1, Math.max(0, index + delta));
      const target = paged.item(next);
      if (target) virtualizer.scrollToIndex(next, { align: 'auto' });
      return target?.id ?? null;
    };
  });

  if (paged.error)
    return (
      <div className="list-error" role="alert">
        Could not load notes: {(paged.error as Error).message}
      </div>
    );
  if (!paged.isLoading && total === 0) return <div className="note-list-empty">{empty}</div>;

  return (
    <div
      ref={scrollRef}
      className="note-list"
      role="listbox"
      aria-label="Notes"
      data-testid="note-list"
      tabIndex={-1}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualItems.map((v) => {
          const note = paged.item(v.index);
          return (
            <div
              key={v.key}
              className="note-row-wrap"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: v.size,
                transform: `translateY(${v.start}px)`,
              }}
            >
              {note ? (
                <NoteRow
                  note={note}
                  topic={note.topicId ? topicName.get(note.topicId) : undefined}
                  selected={note.id === selectedId}
                  onSelect={onSelect}
                />
              ) : (
                <div className="note-row placeholder" aria-hidden />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function NoteRow({
  note,
  topic,
  selected,
  onSelect,
}: {
  note: NoteSummary;
  topic: string | undefined;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  return (
    <div
      role="option"
      aria-selected={selected}
      tabIndex={0}
      data-testid="note-row"
      data-note-id={note.id}
      className={selected ? 'note-row selected' : 'note-row'}
      onClick={() => onSelect(note.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSelect(note.id);
      }}
    >
      <div className="note-row-head">
        {note.pinned && (
          <span className="pin" title="Pinned" aria-label="Pinned">
            ★
          </span>
        )}
        <span className="note-row-title">{highlight(noteTitle(note.title, note.snippet), note.matches)}</span>
        <span className="note-row-date muted small">{shortDate(note.updatedAt)}</span>
      </div>
      <div className="note-row-snippet muted small">
        {highlight(note.snippet, note.matches) || <em>Empty note</em>}
      </div>
      <div className="note-row-tags small">
        <MarkingBadge level={note.marking.level} colour={note.marking.colour} title={note.marking.banner} />
        {topic && <span className="topic-label">{topic}</span>}
        {note.tags.slice(0, 4).map((t) => (
          <span className="mini-tag" key={t}>
            #{t}
          </span>
        ))}
        {note.tags.length > 4 && <span className="muted">+{note.tags.length - 4}</span>}
      </div>
    </div>
  );
}
