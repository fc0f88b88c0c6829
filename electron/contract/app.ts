import { z } from 'zod';
import type { ChangesSince } from '../core/sync/change-feed.js';
import type { AppInfo, SaveState } from '../domain/views.js';
import { jobId, out } from './shared.js';

export type { ChangesSince, AppInfo, SaveState };

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
