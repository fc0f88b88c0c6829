import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Note } from '../../../electron/core/model';
import { useClient } from '../api/client-context';
import { invalidateAfterNoteChange, keys, useTopics } from '../api/queries';
import { TagEditor } from './TagEditor';
import { MarkdownPreview } from './MarkdownPreview';
import { SaveIndicator, type LocalSaveState } from './SaveIndicator';

type Props = {
  note: Note;
  onDelete: (note: Note) => void;
  onExport: () => void;
  onHistory: () => void;
  highlightTerms?: string[] | undefined;
};
type Draft = { title: string; body: string; tags: string[]; topicId: string | null; pinned: boolean };

const AUTOSAVE_MS = 600;
const RETRY_MS = 3000;

/**
 * Title, tags and markdown body of one note with autosave. Edits stay in this component until the
 * core confirms they are on disk; a failed save is retried and never shown as saved.
 */
export function NoteEditor({ note, onDelete, onExport, onHistory, highlightTerms }: Props) {
  const client = useClient();
  const qc = useQueryClient();
  const topics = useTopics();
  const [draft, setDraft] = useState<Draft>(() => ({
    title: note.title,
    body: note.body,
    tags: note.tags,
    topicId: note.topicId,
    pinned: note.pinned,
  }));
  const [save, setSave] = useState<LocalSaveState>({ kind: 'saved' });
  const [mode, setMode] = useState<'edit' | 'split' | 'preview'>('split');
  const latest = useRef(draft);
  const saved = useRef<Draft>(draft);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const flushRef = useRef<() => Promise<void>>(async () => undefined);
  const schedule = useCallback((ms: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flushRef.current(), ms);
  }, []);

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const d = latest.current;
    const s = saved.current;
    if (
      d.title === s.title &&
      d.body === s.body &&
      d.topicId === s.topicId &&
      d.pinned === s.pinned &&
      d.tags.join() === s.tags.join()
    ) {
      setSave({ kind: 'saved' });
      return;
    }
    if (inFlight.current) {
      schedule(AUTOSAVE_MS);
      return;
    }
    inFlight.current = true;
    setSave({ kind: 'saving' });
    try {
      const updated = await client.call('notes.update', {
        id: note.id,
        title: d.title,
        body: d.body,
        tags: d.tags,
        topicId: d.topicId,
        pinned: d.pinned,
      });
      saved.current = d;
      qc.setQueryData(keys.notes.detail(note.id), updated);
      invalidateAfterNoteChange(qc);
      setSave(latest.current === d ? { kind: 'saved' } : { kind: 'dirty' });
      if (latest.current !== d) schedule(AUTOSAVE_MS);
    } catch (err) {
      setSave({ kind: 'error', message: (err as Error).message.replace(/^Not saved:\s*/, '') });
      schedule(RETRY_MS);
    } finally {
      inFlight.current = false;
    }
  }, [client, note.id, qc, schedule]);
  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  function change(patch: Partial<Draft>, immediate = false): void {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setDraft(next);
    setSave({ kind: 'dirty' });
    schedule(immediate ? 0 : AUTOSAVE_MS);
  }

  // Save whatever is pending when the note is closed or the window goes away.
  useEffect(() => {
    const onUnload = () => void flush();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      void flush();
    };
  }, [flush]);

  return (
    <section className="editor" aria-label="Note editor" data-testid="editor">
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
          title="Delete (Ctrl+Backspace)"
        >
          Delete
        </button>
      </div>
      <input
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
