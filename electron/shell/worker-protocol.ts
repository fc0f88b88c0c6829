import type { AppInfo, CallName, SaveState } from '../contract/index.js';
import type { ErrorPayload, Result } from '../domain/errors.js';

/**
 * The messages between the shell thread and the core worker. Calls carry a contract call name and its
 * (still unvalidated) input; the worker validates and answers with the same Result every transport uses.
 */

/** Handed to the worker at start (workerData). */
export type WorkerInit = { dataDir: string; mode: AppInfo['mode']; owner: string };

/** The worker isolate's own memory (process RSS covers every thread; these are this isolate's parts). */
export type WorkerHeap = { heapUsed: number; heapTotal: number; arrayBuffers: number };

export type ToWorker =
  | { type: 'call'; id: number; name: CallName; input: unknown }
  /** the worker's own longest event-loop stall since the last ask (the bench reports it beside the shell's) */
  | { type: 'stall'; id: number; reset: boolean }
  /** the worker's heap (the bench's memory breakdown); `collect` first runs a full GC when gc is exposed */
  | { type: 'memory'; id: number; collect: boolean }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; problem: ErrorPayload | null }
  | { type: 'failed'; error: ErrorPayload }
  | { type: 'result'; id: number; result: Result<unknown> }
  /** pushed whenever it changes and before every result, so the shell can answer store.status itself */
  | { type: 'status'; status: SaveState | null; problem: ErrorPayload | null }
  | { type: 'stall'; id: number; maxMs: number }
  | { type: 'memory'; id: number; heap: WorkerHeap }
  | { type: 'closed'; error: ErrorPayload | null };

/**
 * Calls that change nothing: if the worker dies while one is running, the shell asks the restarted worker
 * again. Every other call is answered with SAVE_FAILED, because it may or may not have been saved.
 */
export const READ_ONLY_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'app.info',
  'store.status',
  'topics.list',
  'notes.list',
  'notes.get',
  'tags.list',
  'tags.check',
  'import.preview',
  'jobs.progress',
  'undo.peek',
  'savedSearches.list',
  'backups.list',
  'revisions.list',
  'revisions.diff',
  'attachments.get',
  'attachments.read',
  'recovery.status',
  'protection.status',
  'protection.touch',
]);
