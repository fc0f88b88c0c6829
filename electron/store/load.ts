import { copyFile, constants, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { SCHEMA_VERSION, storeDataSchema, type StoreData } from '../core/model.js';
import { DossierError } from '../core/errors.js';
import { migrate, versionOf } from './migrations.js';
import { parseStoreChunks, StoreTextError } from './record-parser.js';
import { openStream, plainSealer, type Sealer } from './sealed/sealer.js';

/** The keys of dossier.json whose values are read record by record. */
const RECORD_COLLECTIONS: ReadonlySet<string> = new Set(['notes', 'topics', 'savedSearches']);
/** Read size: big enough for few system calls, small next to the largest record. */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/** `bytes`: the size of the file read (the store budget starts from it). */
export type Loaded = { data: StoreData; migratedFrom: number | null; bytes: number } | null;

/** Keeps a copy of a bad store beside it, never touching the original. */
async function quarantine(file: string): Promise<string> {
  const target = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await copyFile(file, target, constants.COPYFILE_EXCL).catch(() => undefined);
  return target;
}

async function refuseFile(
  file: string,
  code: 'STORE_CORRUPT' | 'STORE_VERSION' | 'DATA_TAMPERED',
  problem: string,
  extra: Record<string, unknown> = {},
  keep = true,
): Promise<never> {
  const kept = code !== 'STORE_VERSION' && keep ? await quarantine(file) : undefined;
  const advice = kept ? ` A copy was kept as ${kept}. You can restore the newest backup.` : '';
  throw new DossierError(code, `${problem} The file was not changed: ${file}.${advice}`, {
    path: file,
    quarantinedAs: kept,
    ...extra,
  });
}

/**
 * Reads and validates the store file. Returns null when there is none yet. Anything unreadable is
 * refused with its path and the position of the problem; nothing is written here.
 */
export async function loadStoreFile(
  file: string,
  options: { quarantine?: boolean; sealer?: Sealer } = {},
): Promise<Loaded> {
  const keep = options.quarantine ?? true;
  const sealer = options.sealer ?? plainSealer;
  const refuse = (
    f: string,
    code: 'STORE_CORRUPT' | 'STORE_VERSION' | 'DATA_TAMPERED',
    problem: string,
    extra: Record<string, unknown> = {},
  ) => refuseFile(f, code, problem, extra, keep);
  let bytes: number;
  try {
    bytes = (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DossierError('IO_ERROR', `Cannot read ${file}: ${(err as Error).message}`, { path: file });
  }
  // Record by record from a stream: a store larger than one JavaScript string (≈512 MiB) still opens.
  let json: unknown;
  try {
    // A protected notebook's file is opened segment by segment on the way in (store/sealed/sealer.ts).
    json = await parseStoreChunks(
      openStream(
        sealer,
        createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>,
        file,
      ),
      RECORD_COLLECTIONS,
    );
  } catch (err) {
    // Failed authentication: refused like a corrupt file (kept aside, backups offered); locked: as is.
    if (err instanceof DossierError) {
      if (err.code !== 'DATA_TAMPERED') throw err;
      return refuse(file, 'DATA_TAMPERED', err.message.replace(/; nothing was read from it\.$/, '.'));
    }
    if (!(err instanceof StoreTextError)) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DossierError('IO_ERROR', `Cannot read ${file}: ${(err as Error).message}`, { path: file });
    }
    if (err.kind === 'not-object')
      return refuse(file, 'STORE_CORRUPT', 'The notes file does not hold a Dossier store.');
    const where = { line: err.line, column: err.column };
    const at = `at line ${where.line}, column ${where.column}`;
    return refuse(
      file,
      'STORE_CORRUPT',
      err.kind === 'utf8'
        ? `The notes file is not valid UTF-8 text ${at}.`
        : `The notes file is not valid JSON ${at} (${err.message}).`,
      { position: where },
    );
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return refuse(file, 'STORE_CORRUPT', 'The notes file does not hold a Dossier store.');
  const version = versionOf(json as Record<string, unknown>);
  if (version === null) return refuse(file, 'STORE_CORRUPT', 'The notes file has an invalid schemaVersion.');
  if (version > SCHEMA_VERSION) {
    return refuse(
      file,
      'STORE_VERSION',
      `The notes file was written by a newer Dossier (schema version ${version}; this one reads up to ${SCHEMA_VERSION}). Update Dossier to open it.`,
      { version },
    );
  }
  let candidate: unknown = json;
  try {
    if (version < SCHEMA_VERSION) candidate = migrate(json as Record<string, unknown>, version);
  } catch (err) {
    return refuse(
      file,
      'STORE_CORRUPT',
      `The notes file could not be upgraded from version ${version}: ${(err as Error).message}.`,
    );
  }
  let parsed;
  try {
    parsed = storeDataSchema.safeParse(candidate);
  } catch (err) {
    return refuse(file, 'STORE_CORRUPT', `The notes file could not be checked: ${(err as Error).message}.`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(
      file,
      'STORE_CORRUPT',
      `The notes file has an unexpected shape at ${issue?.path.join('.') || 'the top level'}: ${issue?.message}.`,
    );
  }
  return { data: parsed.data, migratedFrom: version < SCHEMA_VERSION ? version : null, bytes };
}
