import { copyFile, constants, readFile } from 'node:fs/promises';
import { SCHEMA_VERSION, storeDataSchema, type StoreData } from '../core/model.js';
import { DossierError } from '../core/errors.js';
import { migrate, versionOf } from './migrations.js';

export type Loaded = { data: StoreData; migratedFrom: number | null } | null;

/** Line and column of a character offset, for "where is it broken" messages. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** Keeps a copy of a bad store beside it, never touching the original. */
async function quarantine(file: string): Promise<string> {
  const target = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await copyFile(file, target, constants.COPYFILE_EXCL).catch(() => undefined);
  return target;
}

async function refuseFile(
  file: string,
  code: 'STORE_CORRUPT' | 'STORE_VERSION',
  problem: string,
  extra: Record<string, unknown> = {},
  keep = true,
): Promise<never> {
  const kept = code === 'STORE_CORRUPT' && keep ? await quarantine(file) : undefined;
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
export async function loadStoreFile(file: string, options: { quarantine?: boolean } = {}): Promise<Loaded> {
  const keep = options.quarantine ?? true;
  const refuse = (
    f: string,
    code: 'STORE_CORRUPT' | 'STORE_VERSION',
    problem: string,
    extra: Record<string, unknown> = {},
  ) => refuseFile(f, code, problem, extra, keep);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DossierError('IO_ERROR', `Cannot read ${file}: ${(err as Error).message}`, { path: file });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse(file, 'STORE_CORRUPT', 'The notes file is not valid UTF-8 text.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof RangeError ? 'it is nested too deeply' : (err as Error).message;
    const m = /position (\d+)/.exec(msg);
    const where = m ? lineColumn(text, Number(m[1])) : text.trim() === '' ? { line: 1, column: 1 } : null;
    const at = where ? ` at line ${where.line}, column ${where.column}` : '';
    return refuse(
      file,
      'STORE_CORRUPT',
      `The notes file is not valid JSON${at} (${text.trim() === '' ? 'it is empty' : msg}).`,
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
  return { data: parsed.data, migratedFrom: version < SCHEMA_VERSION ? version : null };
}
