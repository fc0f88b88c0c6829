import { useRef } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CallInput, NoteFilter, NoteSort } from '../../../electron/contract/index';
import { useClient } from './client-context';

/** Query keys, one factory per domain, so invalidation is precise and typo-free. */
export const keys = {
  app: ['app'] as const,
  saveState: ['store', 'status'] as const,
  changes: ['store', 'changes'] as const,
  undo: ['undo'] as const,
  topics: { all: ['topics'] as const },
  tags: { all: ['tags'] as const },
  savedSearches: ['savedSearches'] as const,
  notes: {
    all: ['notes'] as const,
    page: (filter: NoteFilter, sort: NoteSort, page: number) =>
      ['notes', 'list', filter, sort, page] as const,
    detail: (id: string) => ['notes', 'detail', id] as const,
  },
};

export const PAGE_SIZE = 50;

/** Everything that a change to notes can affect in the sidebar and list. */
export function invalidateAfterNoteChange(qc: QueryClient): void {
  void qc.invalidateQueries({ queryKey: ['notes', 'list'] });
  void qc.invalidateQueries({ queryKey: keys.topics.all });
  void qc.invalidateQueries({ queryKey: keys.tags.all });
  void qc.invalidateQueries({ queryKey: keys.undo });
  void qc.invalidateQueries({ queryKey: keys.app });
  void qc.invalidateQueries({ queryKey: keys.changes });
  // Backlinks, link states and embeds follow any note change (the core's link index already did).
  void qc.invalidateQueries({ queryKey: ['links'] });
}

/** How often the window asks whether anything changed elsewhere (another tab, the CLI, a bulk change). */
export const CHANGE_POLL_MS = 1500;

/**
 * Polls the change feed (store.changes) and on window focus: notes changed since the last poll are
 * refetched (the open editor then rebases on them), and lists, tags and topics follow.
 */
export function useChangeFeed() {
  const client = useClient();
  const qc = useQueryClient();
  const since = useRef<number | null>(null);
  return useQuery({
    queryKey: keys.changes,
    queryFn: async () => {
      const r = await client.call('store.changes', { since: since.current ?? 0 });
      const first = since.current === null;
      since.current = r.version;
      if (first) return r;
      if (r.reset) {
        void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'store' });
      } else if (r.noteIds.length || r.other) {
        for (const id of r.noteIds) void qc.invalidateQueries({ queryKey: keys.notes.detail(id) });
        void qc.invalidateQueries({ queryKey: ['notes', 'list'] });
        void qc.invalidateQueries({ queryKey: keys.topics.all });
        void qc.invalidateQueries({ queryKey: keys.tags.all });
        void qc.invalidateQueries({ queryKey: keys.undo });
        void qc.invalidateQueries({ queryKey: keys.app });
        void qc.invalidateQueries({ queryKey: ['links'] });
        if (r.other) void qc.invalidateQueries({ queryKey: keys.savedSearches });
      }
      return r;
    },
    refetchInterval: CHANGE_POLL_MS,
    refetchOnWindowFocus: 'always',
  });
}

export function useAppInfo() {
  const client = useClient();
  return useQuery({ queryKey: keys.app, queryFn: () => client.call('app.info', {}) });
}

export function useTopics() {
  const client = useClient();
  return useQuery({ queryKey: keys.topics.all, queryFn: () => client.call('topics.list', {}) });
}

export function useTags() {
  const client = useClient();
  return useQuery({ queryKey: keys.tags.all, queryFn: () => client.call('tags.list', {}) });
}

export function useSaveState() {
  const client = useClient();
  return useQuery({
    queryKey: keys.saveState,
    queryFn: () => client.call('store.status', {}),
    refetchInterval: 4000,
  });
}

/** The newest undo step; `askedAt` (when the request started) lets toasts tell "undone" from "not seen yet". */
export function useUndoPeek() {
  const client = useClient();
  return useQuery({
    queryKey: keys.undo,
    queryFn: async () => {
      const askedAt = Date.now();
      return { ...(await client.call('undo.peek', {})), askedAt };
    },
  });
}

export function useNotePage(filter: NoteFilter, sort: NoteSort, page: number, enabled = true) {
  const client = useClient();
  return useQuery({
    queryKey: keys.notes.page(filter, sort, page),
    queryFn: () => client.call('notes.list', { filter, sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
    enabled,
    placeholderData: (prev) => prev,
  });
}

export function useNote(id: string | null) {
  const client = useClient();
  return useQuery({
    queryKey: keys.notes.detail(id ?? ''),
    queryFn: () => client.call('notes.get', { id: id! }),
    enabled: Boolean(id),
    staleTime: Infinity,
  });
}

export function useCreateNote() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'notes.create'>) => client.call('notes.create', input),
    onSuccess: (note) => {
      qc.setQueryData(keys.notes.detail(note.id), note);
      invalidateAfterNoteChange(qc);
    },
  });
}

export function useDeleteNote() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client.call('notes.delete', { id }),
    onSuccess: () => invalidateAfterNoteChange(qc),
  });
}

export function useUndo() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'undo.run'>) => client.call('undo.run', input),
    onSuccess: () => {
      void qc.invalidateQueries();
    },
  });
}

export function useSavedSearches() {
  const client = useClient();
  return useQuery({ queryKey: keys.savedSearches, queryFn: () => client.call('savedSearches.list', {}) });
}

export function useSavedSearchMutations() {
  const client = useClient();
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: keys.savedSearches });
  return {
    create: useMutation({
      mutationFn: (input: CallInput<'savedSearches.create'>) => client.call('savedSearches.create', input),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: (input: CallInput<'savedSearches.update'>) => client.call('savedSearches.update', input),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => client.call('savedSearches.delete', { id }),
      onSuccess,
    }),
  };
}

type TagAction =
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'merge'; source: string; target: string }
  | { kind: 'delete'; tag: string };

/** Rename / merge / delete a tag across all notes (each undoable on the server). */
export function useTagAction() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: TagAction) =>
      a.kind === 'rename'
        ? client.call('tags.rename', { from: a.from, to: a.to })
        : a.kind === 'merge'
          ? client.call('tags.merge', { source: a.source, target: a.target })
          : client.call('tags.delete', { tag: a.tag }),
    onSuccess: () => {
      invalidateAfterNoteChange(qc);
      void qc.invalidateQueries({ queryKey: ['notes', 'detail'] });
    },
  });
}
