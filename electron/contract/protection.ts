import { z } from 'zod';
import { out } from './shared.js';

/** Encryption at rest (store/sealed/): whether the notebook is protected and whether its key is in memory. */
export type ProtectionStatus = {
  /** protection.json exists: files are sealed with the notebook's data key */
  protected: boolean;
  /** protected and the key is not in memory: every call but protection.* answers NOTEBOOK_LOCKED */
  locked: boolean;
  /** off; on; or a conversion cut short (it resumes on the next unlock) */
  state: 'off' | 'on' | 'converting' | 'removing';
  hasRecoveryKey: boolean;
  /** lock after this many minutes without use; null: never */
  autoLockMinutes: number | null;
  /** the key-derivation parameters in use (null when not protected) */
  kdf: { name: 'scrypt'; log2N: number; r: number; p: number } | null;
};
export type ProtectionEnabled = {
  status: ProtectionStatus;
  /** shown once; null when the user chose no recovery key */
  recoveryKey: string | null;
  /** files sealed, and plaintext files removed (temp files, caches that are rebuilt) */
  sealed: number;
  removed: number;
};

const passphrase = z.string().min(1).max(1024);
/** What opens a protected notebook: the passphrase or the one-time recovery key. */
export const secretSchema = z.union([
  z.object({ passphrase }).strict(),
  z.object({ recoveryKey: z.string().min(1).max(200) }).strict(),
]);

export const protectionCalls = {
  /** Encryption at rest. These work while locked; every other call then answers NOTEBOOK_LOCKED. */
  'protection.status': { input: z.object({}).strict(), result: out<ProtectionStatus>() },
  'protection.unlock': { input: secretSchema, result: out<ProtectionStatus>() },
  /** Flushes, closes the store and forgets the key. */
  'protection.lock': { input: z.object({}).strict(), result: out<ProtectionStatus>() },
  /** Turns protection on: seals every file in the data folder (old backups, history, caches, attachments). */
  'protection.enable': {
    input: z.object({ passphrase, recoveryKey: z.boolean().default(true) }).strict(),
    result: out<ProtectionEnabled>(),
  },
  /** Turns protection off: every file is written back in plain text. */
  'protection.disable': { input: z.object({ passphrase }).strict(), result: out<ProtectionStatus>() },
  /** Rewraps the data key under a new passphrase (no file is rewritten). */
  'protection.changePassphrase': {
    input: z.object({ current: secretSchema, next: passphrase }).strict(),
    result: out<ProtectionStatus>(),
  },
  /** A new recovery key; the old one stops working. */
  'protection.newRecoveryKey': {
    input: z.object({ passphrase }).strict(),
    result: out<{ recoveryKey: string }>(),
  },
  'protection.setAutoLock': {
    input: z.object({ minutes: z.number().int().min(1).max(1440).nullable() }).strict(),
    result: out<ProtectionStatus>(),
  },
  /**
   * The user is at the window (input without a call of its own, e.g. reading or scrolling): restarts the
   * host's idle time for auto-lock. Answers the milliseconds until auto-lock (null: off); while locked it
   * answers NOTEBOOK_LOCKED like every non-protection call, and unlocks nothing.
   */
  'protection.touch': { input: z.object({}).strict(), result: out<{ autoLockInMs: number | null }>() },
} as const;
