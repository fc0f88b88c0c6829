import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { exportLogEntrySchema, type ExportLogEntry } from '../domain/export-log-entry.js';
import { fsyncDir } from './durable-file.js';
import type { Sealer } from './sealed/sealer.js';
import { openLines, sealLines } from './sealed/line-file.js';

export type { ExportLogEntry };

/** The log lives beside the store, one JSON object a line, only ever appended to. */
export const EXPORT_LOG_FILE = 'exports.log.jsonl';

/**
 * Appends an entry and fsyncs it before the export reports success, so a logged export is never lost
 * to a crash. `a` mode: the OS appends atomically at the end, earlier lines are never rewritten.
 */
export async function appendExportLog(dataDir: string, sealer: Sealer, entry: ExportLogEntry): Promise<void> {
  const file = path.join(dataDir, EXPORT_LOG_FILE);
  const fh = await open(file, 'a', 0o600);
  try {
    await fh.appendFile(sealLines(sealer, [JSON.stringify(exportLogEntrySchema.parse(entry))]));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsyncDir(dataDir);
}

/**
 * Every entry, newest first; a torn or foreign line (a crash mid-append) is skipped, not fatal. In a
 * protected notebook a sealed line that fails its check (other than a torn tail) is DATA_TAMPERED.
 */
export async function readExportLog(dataDir: string, sealer: Sealer): Promise<ExportLogEntry[]> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, EXPORT_LOG_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const entries: ExportLogEntry[] = [];
  for (const line of openLines(sealer, text, EXPORT_LOG_FILE)) {
    try {
      const parsed = exportLogEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
    } catch {
      // torn last line: the entry was never acknowledged
    }
  }
  return entries.reverse();
}
