import { copyFile, constants, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { fromStoreFile, SCHEMA_VERSION, storeFileSchema, type StoreData } from '../domain/model.js';
import { DossierError } from '../domain/errors.js';
import { migrate, versionOf } from './migrations.js';
import { parseStoreChunks, StoreTextError } from './record-parser.js';
import { openStream, plainSealer, type Sealer } from './sealed/sealer.js';
import { RecordChecker } from './record-checks.js';
import type { NotePacker } from './packed-notes.js';

/** The keys of dossier.json whose values are read record by record (see record-checks.ts). */
const RECORD_COLLECTIONS: ReadonlySet<string> = new Set(['notes', 'topics', 'savedSearches']);
/**
 * Read size: big enough for few system calls, small enough that the C allocator keeps no trace of it. A
 * freed 4 MB read buffer raised glibc's mmap threshold, so the following ones (and everything up to
 * that size) came from the brk heap, which kept ≈45 MB of freed pages at 50k notes for good; open time
 * is the same at 256 KB (≈0.83 s).
 */
const READ_CHUNK_BYTES = 256 * 1024;

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

export type LoadOptions = {
  /** keep a copy of a refused file beside it (default true) */
  quarantine?: boolean;
  /** pack note bodies as they are read (open-store.ts); without it notes are plain objects */
  packer?: NotePacker;
  /** check the whole store at the end instead of record by record (the reference the tests compare with) */
  wholeStore?: boolean;
  /** a protected notebook's sealer: the file is opened segment by segment as it is read */
  sealer?: Sealer;
};

/**
 * Reads and validates the store file. Returns null when there is none yet. Anything unreadable is
 * refused with its path and the position of the problem; nothing is written here.
 */
export async function loadStoreFile(file: string, options: LoadOptions = {}): Promise<Loaded> {
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
  // Current-version records are validated (and notes packed) as they are read; see record-checks.ts.
  const checker = options.wholeStore ? null : new RecordChecker(options.packer ?? null);
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
      checker?.hooks,
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
  let candidate = json as Record<string, unknown>;
  try {
    // The parse is ours alone, so the record-by-record path migrates it in place (no copy of every body).
    if (version < SCHEMA_VERSION) candidate = migrate(candidate, version, { inPlace: checker !== null });
  } catch (err) {
    return refuse(
      file,
      'STORE_CORRUPT',
      `The notes file could not be upgraded from version ${version}: ${(err as Error).message}.`,
    );
  }
  const migratedFrom = version < SCHEMA_VERSION ? version : null;
  if (checker) {
    let checked;
    try {
      // Collections not checked while reading (an older version, or the version written after them).
      checker.checkRest(candidate);
      checked = checker.finish(candidate);
    } catch (err) {
      return refuse(file, 'STORE_CORRUPT', `The notes file could not be checked: ${(err as Error).message}.`);
    }
    if ('problem' in checked)
      return refuse(
        file,
        'STORE_CORRUPT',
        `The notes file has an unexpected shape at ${checked.problem.path}: ${checked.problem.message}.`,
      );
    return { data: checked.data, migratedFrom, bytes };
  }
  let parsed;
  try {
    parsed = storeFileSchema.safeParse(candidate);
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
  return { data: fromStoreFile(parsed.data), migratedFrom, bytes };
}
