import { z } from 'zod';
import type { ChangesSince } from '../core/sync/change-feed.js';
import { jobId, out } from './shared.js';

export type { ChangesSince };

export type SaveState = {
  state: 'saved' | 'saving' | 'error';
  lastSavedAt: string | null;
  error?: string;
  pendingSince?: string;
  /** how often the core worker stopped and was restarted (reopening the store) this session */
  restarts?: number;
  /** the notebook is protected and locked (after a lock, auto-lock, or a restarted core): show the unlock screen */
  locked?: boolean;
};

export type AppInfo = {
  version: string;
  mode: 'electron' | 'browser' | 'cli';
  dataDir: string;
  storePath: string;
  noteCount: number;
  topicCount: number;
  /** size of the notebook and its budget; readOnly when it is over (only export and delete work) */
  storage?: { bytes: number; budgetBytes: number; readOnly: boolean };
  /**
   * Files in the data folder are sealed (a protected, unlocked notebook): shells then never write
   * plaintext there nor hand a stored file's path to anyone; they go through attachments.read/addBytes.
   */
  sealed?: boolean;
};

/** The app, its save state and change feed, long-running jobs, and the sample notebook. */

export const appCalls = {
  'app.info': { input: z.object({}).strict(), result: out<AppInfo>() },
  'store.status': { input: z.object({}).strict(), result: out<SaveState>() },
  /** The change feed: what changed after version `since` (0 = just tell the current version). */
  'store.changes': {
    input: z.object({ since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
    result: out<ChangesSince>(),
  },
  'jobs.progress': {
    input: z.object({ jobId }).strict(),
    result: out<{ done: number; total: number } | null>(),
  },
  'jobs.cancel': { input: z.object({ jobId }).strict(), result: out<{ cancelled: boolean }>() },
  'sample.load': { input: z.object({}).strict(), result: out<{ topics: number; notes: number }>() },
} as const;
