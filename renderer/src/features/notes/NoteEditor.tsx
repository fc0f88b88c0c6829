import { startTransition, useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { MergeReport, NoteView } from '../../../../electron/contract/index';
import type { EditorView } from '@codemirror/view';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { useProtection } from '../protection/protection-gate';
import { invalidateAfterNoteChange, keys, useTags, useTopics } from '../../api/queries';
import { MarkdownEditor, type PushedDoc } from '../editor/markdown-editor';
import { noteEditorExtensions } from '../editor/note-extensions';
import { TagEditor } from '../tags/TagEditor';
import { MarkingBar } from '../markings/MarkingBar';
import { LinkedPreview } from '../links/LinkedPreview';
import { BacklinksPanel } from '../links/BacklinksPanel';
import { RenameLinksBanner } from '../links/RenameLinksBanner';
import { PropertiesPanel } from '../properties/PropertiesPanel';
import type { LinkLookup } from '../editor/link-completion';
import { SaveIndicator, type LocalSaveState } from './SaveIndicator';
import { setTaskChecked } from '../../lib/task-items';
import { AttachmentsPanel } from '../attachments/attachments-panel';
import { useNoteFiles } from '../attachments/use-note-files';
import { PaperclipIcon } from '../../ui/paperclip-icon';

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
  /** heading or `^block` to scroll the preview to (a followed link) */
  scrollTo?: string | null | undefined;
  /** where the caret goes in the body when the editor opens (a note from a template) */
  initialCursor?: number | undefined;
  /** an undoable change made from the editor (links updated after a rename) */
  onUndoable?: ((label: string, undoId: number | null) => void) | undefined;
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
  scrollTo,
  initialCursor,
  onUndoable,
}: Props) {
  const client = useClient();
  const qc = useQueryClient();
  const { holdEdit } = useProtection();
  const topics = useTopics();
  const tags = useTags();
  const tagsRef = useRef(tags.data?.all ?? []);
  useEffect(() => {
    tagsRef.current = tags.data?.all ?? [];
  }, [tags.data]);
  const linkLookup = useCallback((): LinkLookup => {
    const links: LinkLookup = {
      notes: (query) => client.call('links.complete', { query, fromId: note.id, limit: 20 }),
      headings: async (target) => {
        const r = await client.call('links.resolve', { target: target || note.id, fromId: note.id });
        if (r.status !== 'resolved' || !r.noteId) return [];
        return (await client.call('links.anchors', { id: r.noteId })).headings.map((h) => h.text);
      },
    };
    return links;
    // One lookup per mounted editor (a note change remounts it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const v = view.current;
    if (initialCursor === undefined || !v) return;
    const at = Math.min(initialCursor, v.state.doc.length);
    v.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    v.focus();
  }, [initialCursor]);
  /** the title links pointed at when the note was opened (or last retargeted) */
  const linkedTitle = useRef(note.title);
  const [renamedFrom, setRenamedFrom] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(() => toDraft(note));
  /** the body pushed into the CodeMirror view: only versions from elsewhere, never the editor's own typing */
  const [pushed, setPushed] = useState<PushedDoc>(() => ({ text: note.body, rev: 0 }));
  const [save, setSave] = useState<LocalSaveState>({ kind: 'saved' });
  const [merged, setMerged] = useState<MergeReport | null>(null);
  const [mode, setMode] = useState<'edit' | 'split' | 'preview'>('split');
  const [showFiles, setShowFiles] = useState(false);
  const view = useRef<EditorView | null>(null);
  const picker = useRef<HTMLInputElement>(null);
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
    setPushed((p) => ({ text: d.body, rev: p.rev + 1 }));
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
    // The draft onto the version it was typed on (also the held edit after an unlock, below).
    const saveDraft = (base: number) =>
      client.call('notes.update', {
        id: note.id,
        title: d.title,
        body: d.body,
        tags: d.tags,
        topicId: d.topicId,
        pinned: d.pinned,
        baseVersion: base,
      });
    const run = (async () => {
      try {
        const updated = await saveDraft(baseVersion.current);
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
        if (err instanceof ApiError && err.code === 'NOTEBOOK_LOCKED') {
          // The host locked on its own between a keystroke and its autosave: the window is about to show
          // the unlock screen, and this draft is saved right after the unlock (merged onto its base).
          const base = baseVersion.current;
          holdEdit(`note:${note.id}`, () => saveDraft(base));
          setSave({ kind: 'error', message: 'the notebook locked; saved once it is unlocked' });
          return;
        }
        setSave({ kind: 'error', message: (err as Error).message.replace(/^Not saved:\s*/, '') });
        schedule(RETRY_MS);
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
    reconcileRef.current();
  }, [adopt, client, holdEdit, note.id, qc, schedule]);

  // Destructured: the hook's result holds a ref, and the render reads only the plain values.
  const { attachRef, ...files } = useNoteFiles({ noteId: note.id, savedBody: note.body, view, flush });
  const createExtensions = useCallback(
    () =>
      noteEditorExtensions({
        tags: () => tagsRef.current,
        attachFiles: () => attachRef.current,
        links: linkLookup(),
      }),
    [attachRef, linkLookup],
  );

  // Alt+A: Attach… (as Alt+N makes a note; e.code, since Alt+letter types a character on some layouts).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === 'KeyA') {
        e.preventDefault();
        picker.current?.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A file dropped beside the text would make the browser open it in place of the app: only the editor
  // takes dropped files.
  useEffect(() => {
    const stray = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', stray);
    window.addEventListener('drop', stray);
    return () => {
      window.removeEventListener('dragover', stray);
      window.removeEventListener('drop', stray);
    };
  }, []);

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
    setSave((s) => (s.kind === 'dirty' ? s : { kind: 'dirty' }));
    schedule(immediate ? 0 : AUTOSAVE_MS);
  }

  /**
   * Typing in the body: the view already shows it, so the re-render (preview, save state) is a transition
   * that never holds up the next keystroke.
   */
  function typeBody(body: string): void {
    latest.current = { ...latest.current, body };
    startTransition(() => change({ body }));
  }
  const changeRef = useRef(change);
  useEffect(() => {
    changeRef.current = change;
  });

  /** A task box in the preview was clicked: flip that source line and save at once. */
  const toggleTask = useCallback((line: number, checked: boolean) => {
    const body = setTaskChecked(latest.current.body, line, checked);
    if (body === null) return;
    changeRef.current({ body }, true);
    setPushed((p) => ({ text: body, rev: p.rev + 1 }));
  }, []);

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
          className="icon-button"
          aria-label="Attach…"
          title="Attach files (Alt+A), or paste / drop them into the text"
          onClick={() => picker.current?.click()}
        >
          <PaperclipIcon />
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Files to attach"
          data-testid="attach-input"
          onChange={(e) => {
            files.attachPicked([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
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
      {files.error && (
        <div className="banner error" role="alert" data-testid="attach-error">
          <span>{files.error}</span>
          <button type="button" className="link-button" onClick={files.clearError}>
            Dismiss
          </button>
        </div>
      )}
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
        onBlur={() => {
          // A finished rename: once saved, offer to update the links that used the old title.
          const from = linkedTitle.current.trim();
          void flush().then(() => {
            if (from && latest.current.title.trim() !== from) setRenamedFrom(from);
          });
        }}
      />
      {renamedFrom && (
        <RenameLinksBanner
          key={renamedFrom}
          noteId={note.id}
          from={renamedFrom}
          onDone={(label, undoId) => onUndoable?.(label, undoId)}
          onClose={() => {
            linkedTitle.current = latest.current.title;
            setRenamedFrom(null);
          }}
        />
      )}
      <TagEditor tags={draft.tags} onChange={(tags) => change({ tags }, true)} />
      <PropertiesPanel note={note} />
      <div className={`editor-panes ${mode}`}>
        {/* Hidden, not unmounted, in Preview: it keeps its text, caret and undo history. */}
        <MarkdownEditor
          className={mode === 'preview' ? 'body-input hidden' : 'body-input'}
          doc={pushed}
          onChange={typeBody}
          createExtensions={createExtensions}
          viewRef={view}
        />
        {mode !== 'edit' && (
          <LinkedPreview
            noteId={note.id}
            topicId={draft.topicId}
            source={draft.body}
            terms={highlightTerms}
            onToggleTask={toggleTask}
            scrollTo={scrollTo}
            attachments={files.items}
            onOpenAttachment={files.open}
            onSaveAttachment={files.saveAs}
          />
        )}
      </div>
      {showFiles && (
        <div id="attachments-panel">
          <AttachmentsPanel
            items={files.items}
            onRename={files.rename}
            onRemove={files.remove}
            onOpen={files.open}
            onSave={files.saveAs}
          />
        </div>
      )}
      <BacklinksPanel noteId={note.id} />
      <div className="editor-footer muted small">
        Created {new Date(note.createdAt).toLocaleString()} · Updated{' '}
        {new Date(note.updatedAt).toLocaleString()} ·{' '}
        <button
          type="button"
          className="link-button small"
          aria-expanded={showFiles}
          aria-controls="attachments-panel"
          onClick={() => setShowFiles((v) => !v)}
        >
          Files ({files.items.length})
        </button>
      </div>
    </section>
  );
}
