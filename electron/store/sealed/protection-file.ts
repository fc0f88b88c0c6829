import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt as scryptCb,
  type ScryptOptions,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DossierError } from '../../domain/errors.js';
import { writeFileDurable } from '../durable-file.js';
import { formatRecoveryKey, newRecoveryKey, parseRecoveryKey } from './recovery-key.js';

/**
 * protection.json: how to get the notebook's data key. It holds no note content, only the data key wrapped
 * (AES-256-GCM) under a key derived with scrypt from the passphrase, and again from the recovery key. So
 * changing the passphrase rewraps 32 bytes instead of rewriting every file.
 *
 * `state` makes turning protection on or off resumable after a crash: "converting" while files are being
 * sealed (plain ones are still read), "on" once all are (a plain file is then refused), "removing" while
 * files are being opened back to plain (sealed and plain both read).
 */
export const PROTECTION_FILE = 'protection.json';
const FORMAT = 'dossier-protection';
const DATA_KEY_BYTES = 32;

/**
 * scrypt cost: N = 2^17, r = 8, p = 1 needs 128 MiB and takes about half a second on a laptop core
 * (OWASP's 2023 guidance is N ≥ 2^17 with r = 8, p = 1). Stored in the file, so it can be raised later
 * without breaking older notebooks. DOSSIER_KDF_LOG2N lowers it for tests only (minimum 2^10).
 */
export const DEFAULT_KDF = { name: 'scrypt' as const, log2N: 17, r: 8, p: 1 };

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const wrapSchema = z.object({ salt: b64, iv: b64, tag: b64, wrappedKey: b64 }).strict();
const kdfSchema = z
  .object({
    name: z.literal('scrypt'),
    log2N: z.number().int().min(10).max(22),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
  })
  .strict();

export const protectionFileSchema = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(1),
    state: z.enum(['converting', 'on', 'removing']),
    cipher: z.literal('aes-256-gcm'),
    kdf: kdfSchema,
    passphrase: wrapSchema,
    recovery: wrapSchema.nullable(),
    /** lock after this many idle minutes (null/absent: never); here so it is known while locked */
    autoLockMinutes: z.number().int().min(1).max(1440).nullable().optional(),
    createdAt: z.string(),
    changedAt: z.string(),
  })
  .strict();

export type ProtectionFile = z.infer<typeof protectionFileSchema>;
export type ProtectionState = ProtectionFile['state'];
export type Kdf = z.infer<typeof kdfSchema>;
export type Secret = { passphrase: string } | { recoveryKey: string };

export const MIN_PASSPHRASE_CHARS = 8;

function kdfFromEnv(): Kdf {
  const fromEnv = Number(process.env.DOSSIER_KDF_LOG2N);
  return Number.isInteger(fromEnv) && fromEnv >= 10 && fromEnv <= 22
    ? { ...DEFAULT_KDF, log2N: fromEnv }
    : DEFAULT_KDF;
}

/** Derives a key-wrapping key; async (libuv's pool), so the event loop never waits on it. */
export function deriveKey(secret: Buffer, salt: Buffer, kdf: Kdf): Promise<Buffer> {
  const N = 2 ** kdf.log2N;
  // scrypt needs 128·N·r bytes; Node refuses above maxmem (32 MiB by default).
  const options: ScryptOptions = { N, r: kdf.r, p: kdf.p, maxmem: 128 * N * kdf.r * 2 };
  return new Promise((resolve, reject) =>
    scryptCb(secret, salt, DATA_KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const wrapAad = (role: 'passphrase' | 'recovery') => Buffer.from(`dossier-key-wrap-v1:${role}`);

async function wrap(dataKey: Buffer, secret: Buffer, kdf: Kdf, role: 'passphrase' | 'recovery') {
  const salt = randomBytes(16);
  const kek = await deriveKey(secret, salt, kdf);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(wrapAad(role));
  const wrappedKey = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  kek.fill(0);
  return {
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    wrappedKey: wrappedKey.toString('base64'),
  };
}

async function unwrap(
  w: z.infer<typeof wrapSchema>,
  secret: Buffer,
  kdf: Kdf,
  role: 'passphrase' | 'recovery',
) {
  const kek = await deriveKey(secret, Buffer.from(w.salt, 'base64'), kdf);
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(w.iv, 'base64'));
  decipher.setAAD(wrapAad(role));
  decipher.setAuthTag(Buffer.from(w.tag, 'base64'));
  try {
    const key = Buffer.concat([decipher.update(Buffer.from(w.wrappedKey, 'base64')), decipher.final()]);
    if (key.length !== DATA_KEY_BYTES) throw new Error('wrong key length');
    return key;
  } catch {
    return null;
  } finally {
    kek.fill(0);
  }
}

export function checkNewPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_CHARS || !passphrase.trim())
    throw new DossierError(
      'BAD_INPUT',
      `A passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters. A few unrelated words are easy to remember and hard to guess.`,
    );
}

/**
 * A new data key, wrapped under `passphrase` and a new recovery key (returned once, for the user to
 * keep; it is not stored anywhere). The file starts in state "converting".
 */
export async function createProtection(
  passphrase: string,
  options: { kdf?: Kdf; withRecoveryKey?: boolean; now?: Date } = {},
): Promise<{ file: ProtectionFile; dataKey: Buffer; recoveryKey: string | null }> {
  checkNewPassphrase(passphrase);
  const kdf = options.kdf ?? kdfFromEnv();
  const dataKey = randomBytes(DATA_KEY_BYTES);
  const recovery = options.withRecoveryKey === false ? null : newRecoveryKey();
  const at = (options.now ?? new Date()).toISOString();
  const file: ProtectionFile = {
    format: FORMAT,
    version: 1,
    state: 'converting',
    cipher: 'aes-256-gcm',
    kdf,
    passphrase: await wrap(dataKey, Buffer.from(passphrase.normalize('NFC'), 'utf8'), kdf, 'passphrase'),
    recovery: recovery ? await wrap(dataKey, recovery, kdf, 'recovery') : null,
    createdAt: at,
    changedAt: at,
  };
  return { file, dataKey, recoveryKey: recovery ? formatRecoveryKey(recovery) : null };
}

/** The data key, or WRONG_PASSPHRASE. */
export async function unlockDataKey(file: ProtectionFile, secret: Secret): Promise<Buffer> {
  let key: Buffer | null = null;
  if ('passphrase' in secret) {
    key = await unwrap(
      file.passphrase,
      Buffer.from(secret.passphrase.normalize('NFC'), 'utf8'),
      file.kdf,
      'passphrase',
    );
  } else {
    const raw = parseRecoveryKey(secret.recoveryKey);
    if (raw && file.recovery) key = await unwrap(file.recovery, raw, file.kdf, 'recovery');
  }
  if (!key)
    throw new DossierError(
      'WRONG_PASSPHRASE',
      'passphrase' in secret
        ? 'That passphrase does not open this notebook. Nothing was changed.'
        : 'That recovery key does not open this notebook. Nothing was changed.',
    );
  return key;
}

/** The same data key under a new passphrase (the recovery key stays valid). */
export async function rewrapPassphrase(
  file: ProtectionFile,
  dataKey: Buffer,
  newPassphrase: string,
  now = new Date(),
): Promise<ProtectionFile> {
  checkNewPassphrase(newPassphrase);
  return {
    ...file,
    passphrase: await wrap(
      dataKey,
      Buffer.from(newPassphrase.normalize('NFC'), 'utf8'),
      file.kdf,
      'passphrase',
    ),
    changedAt: now.toISOString(),
  };
}

/** A fresh recovery key for the same data key; the old one stops working. */
export async function replaceRecoveryKey(
  file: ProtectionFile,
  dataKey: Buffer,
  now = new Date(),
): Promise<{ file: ProtectionFile; recoveryKey: string }> {
  const recovery = newRecoveryKey();
  return {
    file: {
      ...file,
      recovery: await wrap(dataKey, recovery, file.kdf, 'recovery'),
      changedAt: now.toISOString(),
    },
    recoveryKey: formatRecoveryKey(recovery),
  };
}

/** null when the notebook is not protected. A damaged file is refused with what to do, never replaced. */
export async function readProtection(dataDir: string): Promise<ProtectionFile | null> {
  const file = path.join(dataDir, PROTECTION_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DossierError('IO_ERROR', `Cannot read ${file}: ${(err as Error).message}`, { path: file });
  }
  let parsed: ProtectionFile | null = null;
  try {
    const result = protectionFileSchema.safeParse(JSON.parse(text));
    parsed = result.success ? result.data : null;
  } catch {
    parsed = null;
  }
  if (!parsed)
    throw new DossierError(
      'DATA_TAMPERED',
      `${file} is damaged, so the notebook's key cannot be read. The file was not changed. Restore it from a copy of the data folder; without it the encrypted notes cannot be opened.`,
      { path: file },
    );
  return parsed;
}

export async function writeProtection(dataDir: string, file: ProtectionFile): Promise<void> {
  await writeFileDurable(path.join(dataDir, PROTECTION_FILE), JSON.stringify(file, null, 2) + '\n');
}
