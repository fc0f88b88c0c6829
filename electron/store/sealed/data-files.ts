/**
 * Every kind of file Dossier keeps in a data folder, and how each is stored when the notebook is protected.
 * The converter (convert.ts) walks the folder with this list, and a test fills a notebook with every feature
 * and checks that each file it finds belongs to a family here — so a new feature cannot add a file that
 * turning protection on would leave readable.
 *
 * Formats:
 * - whole: sealed as one file in segments (Sealer.sealFile / fileEncoder)
 * - lines: one sealed line per line (Sealer.sealLine), so appends stay appends
 * - plain: holds no note content and stays readable (the lock, the key file, hash lists)
 * - temp: left over by an interrupted write; deleted when protection is turned on or off
 * - cache: rebuilt from the notes when missing; deleted (not converted) when protection is turned on or off
 */
export type FileFormat = 'whole' | 'lines' | 'plain' | 'temp' | 'cache';

export type FileFamily = {
  /** a short name for reports and tests */
  name: string;
  format: FileFormat;
  /** what it holds, for docs/security.md and reports */
  holds: string;
  /** `rel`: the path inside the data folder with "/" separators */
  match: (rel: string) => boolean;
  /**
   * Kept aside because it failed its integrity check: converting it carries the lines that still fail over
   * as they are (they hold no plaintext), instead of stopping protection from being turned on or off.
   */
  damaged?: true;
  /**
   * A live file the app itself moves aside when it finds it damaged (a note's history, on its next read):
   * a conversion that finds one damaged does the same, and converts the kept copy as `damaged`.
   */
  setAsideWhenDamaged?: true;
  /**
   * Read through line-file.ts (openLines), which skips a torn append even with the next append right after
   * it on the same line; a conversion reads it the same way, so it calls damaged only what the app would.
   */
  lineFile?: true;
};

const HASH = '[0-9a-f]{64}';
const SHARD = '[0-9a-f]{2}';
const STAMP = '[0-9TZ-]+';
const re = (source: string) => {
  const r = new RegExp(`^${source}$`);
  return (rel: string) => r.test(rel);
};

/** Temp files of durable writes: ".<name>.<pid>[.<time>].tmp" beside their target (durable-file.ts, caches). */
const TEMP_FILE = '(?:.*/)?\\.[^/]+\\.tmp';

export const FILE_FAMILIES: readonly FileFamily[] = [
  {
    name: 'protection key file',
    format: 'plain',
    holds: 'the data key wrapped under the passphrase and the recovery key; no note content',
    match: re('protection\\.json'),
  },
  {
    name: 'lock',
    format: 'plain',
    holds: 'process id, host name and program holding the notebook',
    match: re('dossier\\.lock'),
  },
  { name: 'store', format: 'whole', holds: 'every note, topic and setting', match: re('dossier\\.json') },
  {
    name: 'journal',
    format: 'lines',
    holds: 'each acknowledged save since the last snapshot',
    match: re('dossier\\.journal(?:\\.old)?'),
  },
  {
    name: 'kept store copies',
    format: 'whole',
    holds: 'a refused or replaced store, kept aside (dossier.json.corrupt-*, .replaced-*)',
    match: re(`dossier\\.json\\.(?:corrupt|replaced)-${STAMP}`),
  },
  {
    name: 'kept journals',
    format: 'lines',
    holds: 'journals set aside when a backup replaced a refused store',
    match: re(`dossier\\.journal(?:\\.old)?\\.replaced-${STAMP}`),
  },
  {
    name: 'backups',
    format: 'whole',
    holds: 'full copies of the store',
    match: re('backups/dossier-[^/]+\\.json'),
  },
  {
    name: 'backup file lists',
    format: 'plain',
    holds: "the SHA-256 names of a backup's attachments (the same names attachments/ shows)",
    match: re('backups/dossier-[^/]+\\.json\\.files'),
  },
  {
    name: 'backup attachment pool',
    format: 'whole',
    holds: 'attachment files kept for backups (hard links to attachments/)',
    match: re(`backups/attachments/${SHARD}/${HASH}`),
  },
  {
    name: 'attachments',
    format: 'whole',
    holds: 'attached files, named by the SHA-256 of their content',
    match: re(`attachments/${SHARD}/${HASH}`),
  },
  {
    name: 'extracted attachment text',
    format: 'whole',
    holds: 'the text of PDF and text attachments, for in:files search',
    match: re(`attachments/\\.text/${HASH}\\.json`),
  },
  {
    name: 'attachment temp files',
    format: 'temp',
    holds: 'files being stored or uploaded when a write was cut short; copies handed to another app to open',
    match: re('attachments/\\.(?:tmp|incoming|open)/.+'),
  },
  {
    name: 'revisions',
    format: 'lines',
    holds: 'earlier versions of each note',
    match: re('history/[^/]+\\.jsonl'),
    setAsideWhenDamaged: true,
    lineFile: true,
  },
  {
    name: 'kept revisions',
    format: 'lines',
    holds:
      "a note's history that failed its integrity check, kept aside as found (history/<id>.jsonl.corrupt-*)",
    match: re(`history/[^/]+\\.jsonl\\.corrupt-${STAMP}`),
    damaged: true,
    lineFile: true,
  },
  {
    name: 'export log',
    format: 'lines',
    holds: 'each export: time, scope, destination, partner, counts, highest marking',
    match: re('exports\\.log\\.jsonl'),
    lineFile: true,
  },
  {
    name: 'search index cache',
    format: 'cache',
    holds: 'every word of every note',
    match: re('search-index\\.bin'),
  },
  {
    name: 'link index cache',
    format: 'cache',
    holds: 'the links of every note (targets are note titles)',
    match: re('link-index\\.json'),
  },
  { name: 'temp files', format: 'temp', holds: 'interrupted durable writes', match: re(TEMP_FILE) },
  // After 'temp files': a sealed write cut short inside a repository is a temp file like any other.
  {
    name: 'shared topic repositories',
    format: 'whole',
    holds:
      "each shared topic's git repository (electron/git/repository-home.ts): the notes as committed for partners, in packs, and its refs",
    match: re('sharing/[A-Za-z0-9_-]+\\.git/.+'),
  },
];

/** The family of a file in the data folder (`rel` with "/" separators), or null for a file Dossier does not know. */
export function familyOf(rel: string): FileFamily | null {
  return FILE_FAMILIES.find((f) => f.match(rel)) ?? null;
}
