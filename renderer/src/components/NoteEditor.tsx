import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { MergeReport, NoteView } from '../../../electron/contract';
import { useClient } from '../api/client-context';
import { invalidateAfterNoteChange, keys, useTopics } from '../api/queries';
import { TagEditor } from './TagEditor';
import { MarkingBar } from '../features/markings/MarkingBar';
import { MarkdownPreview } from './MarkdownPreview';
import { SaveIndicator, type LocalSaveState } from './SaveIndicator';

type Props = {
  note: NoteView;
  onDelete: (note: NoteView) => void;
  onExport: () => void;
  onHistory: () => void;
  highlightTerms?: string[] | undefined;
  /** put the caret in the title (a note just created) */
  focusTitle?: boolean;
  /** the parent flushes pending edits through this before a delete, an undo or navigation */
  flushRef?: MutableRefObject<() => Promise<void>>;
};
type Draft = { title: string; body: string; tags: string[]; topicId: string | null; pinned: boolean };

const AUTOSAVE_MS = 600;
const RETRY_MS = 3000;

const toDraft = (n: NoteView): Draft => ({
  title: n.title,
  body: n.body,
  tags: n.tags,
  topicId: n.topicId,
  pinned: n.pinned,
});

function sameDraft(a: Draft, b: Draft): boolean {
  return (
    a.title === b.title &&
    a.body === b.body &&
    a.topicId === b.topicId &&
    a.pinned === b.pinned &&
    a.tags.join('\n') === b.tags.join('\n')
  );
}

/**
 * Title, tags and markdown body of one note with autosave. Edits stay in this component until the
 * core confirms they are on disk; a failed save is retried and never shown as saved.
 * Every save names the version its edit started from; when the note changed elsewhere (a tag rename, an
 * undo, another tab) the editor takes the new version if nothing is pending, and otherwise saves at once
 * so the core merges its draft onto the new version (notes/merge-save.ts) — it never saves stale fields.
 */
export function NoteEditor({
  note,
  onDelete,
  onExport,
  onHistory,
  highlightTerms,
  focusTitle,
  flushRef: parentFlushRef,
}: Props) {
  const client = useClient();
  const qc = useQueryClient();
  const topics = useTopics();
  const [draft, setDraft] = useState<Draft>(() => toDraft(note));
  const [save, setSave] = useState<LocalSaveState>({ kind: 'saved' });
  const [merged, setMerged] = useState<MergeReport | null>(null);
  const [mode, setMode] = useState<'edit' | 'split' | 'preview'>('split');
  const latest = useRef(draft);
  /** the server's state as last seen here: what the draft's unsaved changes are relative to */
  const saved = useRef<Draft>(draft);
  /** the version `saved` corresponds to on the server; sent with every save */
  const baseVersion = useRef(note.version);
  /** the newest note the query cache holds (may be newer than baseVersion) */
  const newest = useRef(note);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const flushRef = useRef<() => Promise<void>>(async () => undefined);
  const titleRef = useRef<HTMLInputElement>(null);
  /** set below: takes or merges onto a newer version than the editor's base */
  const reconcileRef = useRef(() => {});
  const schedule = useCallback((ms: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flushRef.current(), ms);
  }, []);

  /** Takes a server version of the note as the editor's state (only when nothing is pending). */
  const adopt = useCallback((n: NoteView) => {
    const d = toDraft(n);
    saved.current = d;
    latest.current = d;
    baseVersion.current = n.version;
    setDraft(d);
  }, []);

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (inFlight.current) {
      // One save at a time; the next one starts from what this one returns.
      await inFlight.current;
      return flushRef.current();
    }
    const d = latest.current;
    if (sameDraft(d, saved.current)) {
      setSave({ kind: 'saved' });
      reconcileRef.current();
      return;
    }
    setSave({ kind: 'saving' });
    const run = (async () => {
      try {
        const updated = await client.call('notes.update', {
          id: note.id,
          title: d.title,
          body: d.body,
          tags: d.tags,
          topicId: d.topicId,
          pinned: d.pinned,
          baseVersion: baseVersion.current,
        });
        if (updated.merge) setMerged(updated.merge);
        if (updated.version >= newest.current.version) {
          newest.current = updated;
          qc.setQueryData(keys.notes.detail(note.id), updated);
        }
        invalidateAfterNoteChange(qc);
        if (!updated.merge) {
          // The core took the draft as it was (give or take a trimmed title): keep what is on screen.
          saved.current = d;
          baseVersion.current = updated.version;
        } else if (latest.current === d) {
          // Something from elsewhere was merged in: show the merged note.
          adopt(updated);
        } else {
          // Merged, and typed during the save: the new typing stays relative to the old base, so the next
          // save merges again instead of dropping what came from elsewhere.
          saved.current = d;
        }
        if (latest.current === saved.current) setSave({ kind: 'saved' });
        else {
          setSave({ kind: 'dirty' });
          schedule(AUTOSAVE_MS);
        }
      } catch (err) {
        setSave({ kind: 'error', message: (err as Error).message.replace(/^Not saved:\s*/, '') });
        schedule(RETRY_MS);
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
    reconcileRef.current();
  }, [adopt, client, note.id, qc, schedule]);

  /** A newer version than the editor's base is known: take it, or save so the core merges the draft onto it. */
  useEffect(() => {
    reconcileRef.current = () => {
      const n = newest.current;
      if (n.version <= baseVersion.current || inFlight.current) return;
      if (sameDraft(latest.current, saved.current)) adopt(n);
      else void flushRef.current();
    };
    flushRef.current = flush;
    if (parentFlushRef) parentFlushRef.current = flush;
  }, [adopt, flush, parentFlushRef]);

  // A newer version arrived (change feed, tag rename, undo, restore).
  useEffect(() => {
    if (note.version > newest.current.version) newest.current = note;
    reconcileRef.current();
  }, [note]);

  useEffect(() => {
    if (focusTitle) titleRef.current?.focus();
  }, [focusTitle]);

  function change(patch: Partial<Draft>, immediate = false): void {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setDraft(next);
    setSave({ kind: 'dirty' });
    schedule(immediate ? 0 : AUTOSAVE_MS);
  }

  // Save whatever is pending when the note is closed or the window goes away.
  useEffect(() => {
    const onUnload = () => void flushRef.current();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      void flushRef.current();
    };
  }, []);

  return (
    <section className="editor" aria-label="Note editor" data-testid="editor">
      <MarkingBar note={note} topic={topics.data?.find((t) => t.id === note.topicId)} />
      <div className="editor-toolbar">
        <select
          aria-label="Topic of this note"
          value={draft.topicId ?? ''}
          onChange={(e) => change({ topicId: e.target.value || null }, true)}
        >
          <option value="">Inbox (no topic)</option>
          {(topics.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <div className="segmented" role="group" aria-label="Editor layout">
          {(['edit', 'split', 'preview'] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              className={mode === m ? 'active' : ''}
              onClick={() => setMode(m)}
            >
              {m === 'edit' ? 'Write' : m === 'split' ? 'Split' : 'Preview'}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <SaveIndicator state={save} />
        <button
          type="button"
          className={draft.pinned ? 'icon-button pinned' : 'icon-button'}
          aria-pressed={draft.pinned}
          aria-label={draft.pinned ? 'Unpin note' : 'Pin note'}
          title="Pin to top"
          onClick={() => change({ pinned: !draft.pinned }, true)}
        >
          ★
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            void flush().then(onHistory);
          }}
        >
          History
        </button>
        <button type="button" className="button" onClick={onExport}>
          Export…
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => onDelete(note)}
          title="Delete note (Ctrl+Shift+Backspace outside text fields)"
        >
          Delete
        </button>
      </div>
      {merged && (
        <div
          className={merged.conflict ? 'banner error' : 'banner'}
          role={merged.conflict ? 'alert' : 'status'}
          data-testid="merge-banner"
        >
          <span>
            {merged.conflict
              ? 'This note was changed elsewhere while you wrote. Both versions are kept between <<<<<<< and >>>>>>> lines: keep what you want and delete the markers.'
              : `Merged with a change made elsewhere (${merged.fields.join(', ') || 'other fields'}).`}
          </span>
          <button type="button" className="link-button" onClick={() => setMerged(null)}>
            Dismiss
          </button>
        </div>
      )}
      <input
        ref={titleRef}
        className="title-input"
        aria-label="Title"
        placeholder="Untitled"
        value={draft.title}
        onChange={(e) => change({ title: e.target.value })}
      />
      <TagEditor tags={draft.tags} onChange={(tags) => change({ tags }, true)} />
      <div className={`editor-panes ${mode}`}>
        {mode !== 'preview' && (
          <textarea
            className="body-input"
            aria-label="Note body (markdown)"
            placeholder="Write in markdown…"
            value={draft.body}
            onChange={(e) => change({ body: e.target.value })}
            spellCheck
          />
        )}
        {mode !== 'edit' && <MarkdownPreview source={draft.body} terms={highlightTerms} />}
      </div>
      <div className="editor-footer muted small">
        Created {new Date(note.createdAt).toLocaleString()} · Updated{' '}
        {new Date(note.updatedAt).toLocaleString()}
      </div>
    </section>
  );
}
