import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { FromTemplate, NoteFilter, NoteView } from '../../electron/contract/index';
import { useQueryClient } from '@tanstack/react-query';
import {
  invalidateAfterNoteChange,
  keys,
  useAppInfo,
  useChangeFeed,
  useCreateNote,
  useDeleteNote,
  useNote,
  useSavedSearches,
  useUndo,
  useUndoPeek,
} from './api/queries';
import { useUi } from './state/ui-state';
import { Sidebar } from './features/layout/Sidebar';
import { FilterBar } from './features/search/FilterBar';
import { NoteList, type ListMeta } from './features/notes/NoteList';
import { FacetBar } from './features/search/FacetBar';
import { TagDialog } from './features/tags/TagDialog';
import { SaveSearchDialog } from './features/search/SaveSearchDialog';
import { ImportDialog } from './features/import-export/ImportDialog';
import { NoteEditor } from './features/notes/NoteEditor';
import { TopicDialog } from './features/topics/TopicDialog';
import { ExportDialog } from './features/import-export/ExportDialog';
import { ExportLogDialog } from './features/markings/ExportLogDialog';
import { PrintView } from './features/markings/PrintView';
import { SchemeDialog } from './features/markings/SchemeDialog';
import { ShortcutHelp } from './features/layout/ShortcutHelp';
import { Toasts, type ToastMessage } from './ui/Toast';
import { NoResults, Welcome } from './features/notes/EmptyStates';
import { StatusBanner } from './features/layout/StatusBanner';
import { useShortcuts } from './hooks/use-shortcuts';
import { HistoryDialog } from './features/history/HistoryDialog';
import { BackupsDialog } from './features/backups/BackupsDialog';
import { Recovery } from './features/backups/Recovery';
import { TrashPane } from './features/trash/TrashPane';
import { ApiError } from './api/client';
import { useClient } from './api/client-context';
import { noteTitle } from './lib/format';
import { TemplateDialog } from './features/templates/TemplateDialog';
import { useTemplates } from './features/templates/use-templates';
import { useTags, useTopics } from './api/queries';
import { Splitter } from './ui/Splitter';
import { useThemeSync } from './features/theme/theme';
import {
  focusMode,
  layoutPrefs,
  useFittedLayout,
  LIST,
  setListWidth,
  setSidebarWidth,
  SIDEBAR,
  toggleList,
  toggleSidebar,
} from './features/layout/layout';
import { useLayoutKeys } from './features/layout/use-layout-keys';
import { CommandPalette } from './features/palette/CommandPalette';
import { useAppCommands } from './features/palette/use-app-commands';
import { useProtection } from './features/protection/protection-gate';
import { ProtectionDialog } from './features/protection/ProtectionDialog';
import { AppToolbar } from './features/toolbar/app-toolbar';

/** The main window: sidebar, filter + list, editor; dialogs and toasts on top. */
export function App() {
  const { state, dispatch } = useUi();
  const client = useClient();
  const qc = useQueryClient();
  const info = useAppInfo();
  const createNote = useCreateNote();
  const deleteNote = useDeleteNote();
  const undo = useUndo();
  const savedSearches = useSavedSearches();
  const topics = useTopics();
  const tagList = useTags();
  const tagNames = useMemo(() => tagList.data?.all.map((t) => t.tag), [tagList.data]);
  useThemeSync();
  const { fit, focus } = useFittedLayout();
  const selected = useNote(state.trash ? null : state.selectedNoteId);
  const undoPeek = useUndoPeek();
  useChangeFeed();
  const protection = useProtection();
  /**
   * the open editor's flush: pending edits are saved before a delete, an undo, a new note or a lock (the
   * protection gate holds the ref, so Lock now saves what was just typed before the notebook locks)
   */
  const editorFlush = protection.flushRef;
  /** the note just created: its editor opens with the caret in the title */
  const [createdId, setCreatedId] = useState<string | null>(null);
  /** a note made from a template: its editor opens with the caret at the template's cursor marker */
  const [cursorFor, setCursorFor] = useState<{ id: string; at: number } | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const neighboursRef = useRef<(id: string | null, delta: number) => string | null>(() => null);
  const [toasts, setToasts] = useState<ToastMessage[]>([]);
  // Bumped when the note's text is replaced from outside the editor (revision restore): remounts the editor.
  const [editorEpoch, setEditorEpoch] = useState(0);
  const [listMeta, setListMeta] = useState<ListMeta>({
    total: undefined,
    explained: undefined,
    meaning: undefined,
    hints: undefined,
    terms: undefined,
    facets: undefined,
    forText: undefined,
  });

  // Typing updates the box at once; the list follows the deferred value so keystrokes never wait on it.
  const deferredText = useDeferredValue(state.text);
  const filter = useMemo<NoteFilter>(() => {
    const f: NoteFilter = {};
    if (state.topicId) f.topicId = state.topicId;
    if (state.tags.length) f.tags = state.tags;
    if (deferredText.trim()) f.text = deferredText.trim();
    if (state.trash) f.trash = true;
    return f;
  }, [state.topicId, state.tags, deferredText, state.trash]);

  const toast = useCallback((t: Omit<ToastMessage, 'id'>) => {
    const id = Date.now() + Math.random();
    setToasts((all) => [...all.slice(-2), { ...t, id, createdAt: Date.now() }]);
    setTimeout(() => setToasts((all) => all.filter((x) => x.id !== id)), 8000);
  }, []);

  // An undo toast goes once its step is undone (here or elsewhere) or superseded by a newer step; while it
  // shows, it says what undo would do about changes made since.
  const peek = undoPeek.data;
  const visibleToasts = toasts.flatMap((t) => {
    if (t.undoId === undefined || !peek) return [t];
    const newest = peek.id ?? 0;
    if (newest > t.undoId) return [];
    if (newest < t.undoId) return peek.askedAt > (t.createdAt ?? 0) ? [] : [t];
    return peek.conflicts.length ? [{ ...t, undoNote: `Undo: ${peek.conflicts.join(' ')}` }] : [t];
  });

  /**
   * Undoes the newest step (or, from a toast, exactly that step). Pending edits are saved first; a step
   * that would remove something edited since says so and runs only when confirmed.
   */
  const runUndo = useCallback(
    async (stepId?: number) => {
      await editorFlush.current();
      const go = (confirm: boolean) =>
        undo.mutate(
          { ...(stepId !== undefined ? { id: stepId } : {}), ...(confirm ? { confirm } : {}) },
          {
            onSuccess: (r) => {
              // This step and any toast of a newer one are taken back: their Undo buttons go.
              setToasts((all) => all.filter((t) => t.undoId === undefined || t.undoId < r.id));
              toast({ text: [`Undone: ${r.label}`, ...r.conflicts].join(' ') });
            },
            onError: (err) => {
              const details = err instanceof ApiError ? err.payload.details : undefined;
              if (details?.needsConfirm && !confirm && window.confirm(err.message)) go(true);
              else toast({ text: err.message, tone: 'error' });
            },
          },
        );
      go(false);
    },
    [editorFlush, undo, toast],
  );

  const undoToast = useCallback(
    (text: string, undoId: number | null) =>
      toast(
        undoId === null
          ? { text }
          : { text, undoId, action: { label: 'Undo', run: () => void runUndo(undoId) } },
      ),
    [runUndo, toast],
  );

  const templates = useTemplates();
  /** A note made from a template opens with the caret at the template's cursor marker. */
  const openMade = useCallback(
    (made: FromTemplate) => {
      qc.setQueryData(keys.notes.detail(made.note.id), made.note);
      invalidateAfterNoteChange(qc);
      setCursorFor({ id: made.note.id, at: made.cursor });
      dispatch({ type: 'select', id: made.note.id });
    },
    [dispatch, qc],
  );
  const newNote = useCallback(() => {
    const topicId = state.topicId && state.topicId !== 'inbox' ? state.topicId : null;
    // A topic with a default template starts its new notes from it.
    const template = topicId ? templates.data?.defaults[topicId] : undefined;
    if (template) {
      void editorFlush.current().then(() =>
        client.call('notes.createFromTemplate', { templateId: template, topicId }).then(
          (made) => openMade(made),
          (err: Error) => toast({ text: err.message, tone: 'error' }),
        ),
      );
      return;
    }
    void editorFlush.current().then(() =>
      createNote.mutate(
        { topicId, tags: state.tags },
        {
          onSuccess: (n) => {
            setCreatedId(n.id);
            dispatch({ type: 'select', id: n.id });
          },
          onError: (err) => toast({ text: err.message, tone: 'error' }),
        },
      ),
    );
  }, [client, createNote, dispatch, editorFlush, openMade, state.tags, state.topicId, templates.data, toast]);

  const removeNote = useCallback(
    async (note: NoteView) => {
      // Save what was typed in the last moments first, so the trash (and undo) hold it.
      await editorFlush.current();
      // Links from other notes would break: say how many before deleting.
      const impact = await client.call('notes.deleteImpact', { id: note.id }).catch(() => null);
      if (impact && impact.links > 0) {
        const n = impact.notes.length;
        const ok = window.confirm(
          `${impact.links} link${impact.links === 1 ? '' : 's'} in ${n} note${n === 1 ? '' : 's'} point${impact.links === 1 ? 's' : ''} to “${noteTitle(note.title, note.body)}” and will break. Delete it anyway?`,
        );
        if (!ok) return;
      }
      const next = neighboursRef.current(note.id, 1);
      deleteNote.mutate(note.id, {
        onSuccess: (r) => {
          dispatch({ type: 'select', id: next && next !== note.id ? next : null });
          undoToast(`Deleted “${noteTitle(note.title, note.body)}”`, r.undoId);
        },
        onError: (err) => toast({ text: err.message, tone: 'error' }),
      });
    },
    [client, deleteNote, dispatch, editorFlush, toast, undoToast],
  );

  // The search box lives in the list pane: bring it back if focus mode or a collapsed list hid it.
  const focusSearch = useCallback(() => {
    focusMode.set(false);
    layoutPrefs.set((p) => (p.listCollapsed ? { ...p, listCollapsed: false } : p));
    requestAnimationFrame(() => searchRef.current?.focus());
  }, []);

  useShortcuts({
    newNote,
    focusSearch,
    move: (delta) => {
      const id = neighboursRef.current(state.selectedNoteId, delta);
      if (id) dispatch({ type: 'select', id });
    },
    deleteSelected: () => void (selected.data && removeNote(selected.data)),
    undo: () => void runUndo(),
    exportDialog: () => dispatch({ type: 'dialog', dialog: { kind: 'export' } }),
    importDialog: () => dispatch({ type: 'dialog', dialog: { kind: 'import' } }),
    help: () => dispatch({ type: 'dialog', dialog: { kind: 'shortcuts' } }),
  });

  const commands = useAppCommands({
    state,
    dispatch,
    topics: topics.data,
    tags: tagNames,
    newNote,
    focusSearch,
    undo: runUndo,
    selectedNoteId: state.trash ? null : state.selectedNoteId,
    protectedNotebook: Boolean(protection.status?.protected),
    lockNow: protection.lockNow,
  });
  useLayoutKeys({
    palette: () => dispatch({ type: 'dialog', dialog: { kind: 'palette' } }),
    focusMode: () => focusMode.set((f) => !f),
    exitFocusMode: () => {
      if (!focusMode.get() || state.dialog) return false;
      focusMode.set(false);
      return true;
    },
    toggleSidebar,
    toggleList,
  });

  // If the selected note disappears (deleted elsewhere, undo of a create), close the editor.
  useEffect(() => {
    if (selected.error && !state.trash) dispatch({ type: 'select', id: null });
  }, [selected.error, dispatch, state.trash]);

  const recovery =
    info.error instanceof ApiError &&
    // DATA_TAMPERED: a protected notebook's file failed authentication after the unlock; a backup is offered.
    (info.error.code === 'STORE_CORRUPT' ||
      info.error.code === 'STORE_VERSION' ||
      info.error.code === 'DATA_TAMPERED')
      ? info.error.message
      : null;
  const firstRun = !state.trash && info.data && info.data.noteCount === 0 && info.data.topicCount === 0;
  const filtered = Boolean(state.topicId || state.tags.length || state.text);
  const closeDialog = () => dispatch({ type: 'dialog', dialog: null });
  const editingId = state.dialog?.kind === 'saveSearch' ? state.dialog.id : undefined;
  const editingSearch = editingId ? savedSearches.data?.find((s) => s.id === editingId) : undefined;

  return (
    <div
      className={focus ? 'app focus-mode' : 'app'}
      style={{ gridTemplateColumns: fit.appColumns }}
      data-testid="app"
    >
      <aside className="sidebar-slot" aria-label="Sidebar" hidden={fit.sidebarHidden}>
        <Sidebar />
        <Splitter
          label="Resize sidebar"
          value={fit.sidebar}
          min={SIDEBAR.min}
          max={SIDEBAR.max}
          onResize={setSidebarWidth}
          onToggle={toggleSidebar}
          testId="sidebar-splitter"
        />
      </aside>
      <main className="main">
        <StatusBanner />
        <AppToolbar
          focus={focus}
          sidebarHidden={fit.sidebarHidden}
          listHidden={fit.listHidden}
          onNewNote={newNote}
        />
        {recovery ? (
          <Recovery message={recovery} />
        ) : firstRun ? (
          <Welcome dataPath={info.data?.storePath} />
        ) : (
          <div className="workspace" style={{ gridTemplateColumns: fit.workspaceColumns }}>
            <div className="list-pane" hidden={fit.listHidden}>
              <FilterBar
                ref={searchRef}
                total={listMeta.total}
                explained={listMeta.explained}
                meaning={listMeta.meaning}
                hints={listMeta.hints}
                forText={listMeta.forText}
              />
              {!state.trash && <FacetBar facets={listMeta.facets} />}
              <NoteList
                filter={filter}
                sort={state.sort}
                selectedId={state.selectedNoteId}
                onSelect={(id) => dispatch({ type: 'select', id })}
                onMeta={setListMeta}
                neighboursRef={neighboursRef}
                empty={
                  <NoResults
                    filtered={filtered}
                    onClear={() => dispatch({ type: 'clearFilters' })}
                    onNew={newNote}
                  />
                }
              />
            </div>
            {!fit.listHidden && (
              <Splitter
                label="Resize note list"
                value={fit.list}
                min={LIST.min}
                max={LIST.max}
                onResize={setListWidth}
                onToggle={toggleList}
                testId="list-splitter"
              />
            )}
            <div className="editor-pane" data-testid="editor-pane">
              {state.trash ? (
                <TrashPane
                  selectedId={state.selectedNoteId}
                  count={listMeta.total}
                  onRestored={(id) => {
                    const next = neighboursRef.current(id, 1);
                    dispatch({ type: 'select', id: next && next !== id ? next : null });
                  }}
                  onDone={(text, undoId) => (undoId ? undoToast(text, undoId) : toast({ text }))}
                />
              ) : selected.data ? (
                <NoteEditor
                  key={`${selected.data.id}:${editorEpoch}`}
                  note={selected.data}
                  onDelete={(n) => void removeNote(n)}
                  flushRef={editorFlush}
                  focusTitle={selected.data.id === createdId}
                  onExport={() => dispatch({ type: 'dialog', dialog: { kind: 'export' } })}
                  onHistory={() =>
                    dispatch({ type: 'dialog', dialog: { kind: 'history', noteId: selected.data!.id } })
                  }
                  highlightTerms={listMeta.terms}
                  scrollTo={state.anchor}
                  initialCursor={cursorFor?.id === selected.data.id ? cursorFor.at : undefined}
                  onUndoable={undoToast}
                />
              ) : (
                <div className="editor-empty muted">
                  <p>
                    Select a note, or press {info.data?.mode === 'electron' ? 'Ctrl+N' : 'Alt+N'} to write
                    one.
                  </p>
                </div>
              )}
            </div>
          </div>
        )}
      </main>
      {state.dialog?.kind === 'template' && (
        <TemplateDialog
          topicId={state.topicId && state.topicId !== 'inbox' ? state.topicId : null}
          onClose={closeDialog}
          onCreated={(made) => void editorFlush.current().then(() => openMade(made))}
        />
      )}
      {state.dialog?.kind === 'topic' && <TopicDialog topicId={state.dialog.topicId} onClose={closeDialog} />}
      {state.dialog?.kind === 'export' && (
        <ExportDialog onClose={closeDialog} filter={filter} resultCount={listMeta.total} />
      )}
      {state.dialog?.kind === 'import' && (
        <ImportDialog onClose={closeDialog} onImported={(label, undoId) => undoToast(label, undoId)} />
      )}
      {state.dialog?.kind === 'shortcuts' && (
        <ShortcutHelp onClose={closeDialog} mode={info.data?.mode ?? 'browser'} />
      )}
      {state.dialog?.kind === 'palette' && (
        <CommandPalette
          commands={commands}
          onClose={closeDialog}
          onOpenNote={(id) => {
            if (state.trash) dispatch({ type: 'trash', on: false });
            dispatch({ type: 'select', id });
          }}
        />
      )}
      {state.dialog?.kind === 'history' && (
        <HistoryDialog
          noteId={state.dialog.noteId}
          onClose={closeDialog}
          onRestored={() => setEditorEpoch((e) => e + 1)}
        />
      )}
      {state.dialog?.kind === 'backups' && (
        <BackupsDialog onClose={closeDialog} onRestored={(label, undoId) => undoToast(label, undoId)} />
      )}
      {state.dialog?.kind === 'tag' && (
        <TagDialog
          tag={state.dialog.tag}
          onClose={closeDialog}
          onDone={(label, undoId) => undoToast(label, undoId)}
        />
      )}
      {state.dialog?.kind === 'saveSearch' && (
        <SaveSearchDialog query={state.dialog.query} existing={editingSearch} onClose={closeDialog} />
      )}
      {state.dialog?.kind === 'exportLog' && <ExportLogDialog onClose={closeDialog} />}
      {state.dialog?.kind === 'protection' && <ProtectionDialog onClose={closeDialog} />}
      {state.dialog?.kind === 'markingScheme' && <SchemeDialog onClose={closeDialog} />}
      {state.dialog?.kind === 'print' && <PrintView request={state.dialog.request} onClose={closeDialog} />}
      <Toasts toasts={visibleToasts} onDismiss={(id) => setToasts((all) => all.filter((t) => t.id !== id))} />
    </div>
  );
}
