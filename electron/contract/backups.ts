import { z } from 'zod';
import type { ErrorPayload } from '../domain/errors.js';
import type { BackupInfo } from '../domain/records.js';
import { out, type Undoable } from './shared.js';

/** What the UI shows when the store could not be opened. */
export type RecoveryStatus = { problem: ErrorPayload | null; backups: BackupInfo[] };

/** Backups, and recovery when the notes file was refused at open. */

export const backupsCalls = {
  'backups.list': { input: z.object({}).strict(), result: out<BackupInfo[]>() },
  'backups.restore': {
    input: z.object({ name: z.string().min(1).max(200) }).strict(),
    result: out<{ restored: string } & Undoable>(),
  },
  /** Only meaningful while the store was refused at open (recovery mode); see shell/recovery.ts. */
  'recovery.status': { input: z.object({}).strict(), result: out<RecoveryStatus>() },
  'recovery.restore': {
    input: z.object({ name: z.string().max(200).optional() }).strict(),
    result: out<{ restored: string }>(),
  },
} as const;
