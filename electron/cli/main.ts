import { parseArgs } from 'node:util';
import path from 'node:path';
import { openApp, type OpenedApp } from '../shell/open-app.js';
import { resolveDataDir } from '../shell/data-dir.js';
import { DossierError, toErrorPayload } from '../domain/errors.js';
import type { ExportScope, NoteSort } from '../contract/index.js';
import type { ImportReport } from '../core/import/plan.js';
import { formatBytes } from '../core/attachments/format-bytes.js';
import { readProtection, unlockDataKey } from '../store/sealed/protection-file.js';
import {
  changePassphrase,
  disableProtection,
  enableProtection,
  resumeConversion,
} from '../store/sealed/protect.js';
import { keySealer, type Sealer } from '../store/sealed/sealer.js';
import { NoPassphraseSource, passphraseReader, type PassphraseReader } from './passphrase.js';

/** Exit codes (also in README): 0 ok · 1 the operation failed · 2 wrong usage · 3 the notes could not be opened. */
export const EXIT = { ok: 0, failed: 1, usage: 2, store: 3 } as const;

const USAGE = `Usage: dossier <command> [options]

Commands
  import <folder|file.zip|file.md>   add markdown notes (front matter, #tags, top folders as topics;
                                     --json lists per file what was converted, kept as text, dropped)
      --dry-run                      only report what would be imported
  export <folder>                    write notes as markdown files (one per note, folder per topic)
      --query "<query>"              only the notes matching a search query
      --brief "<topic name>"         one brief file for a topic instead of files per note
      --zip                          pack the files in one .zip
      --order updated|created|title  order of notes in a brief (default created)
      --partner "<name>"             only notes releasable to this partner (the rest are withheld)
      --allow-marking LEVEL          needed when the export holds notes above the notebook's
                                     confirmation level: allows up to LEVEL (else exit 1, nothing written)
  exports                            the export log (time, scope, destination, partner, counts, marking)
  search "<query>"                   list matching notes (query language as in the app)
      --limit N                      at most N results (default 50)
  attach <note-id> <file>…           attach files to a note (links added at the end of its body;
                                     an id that starts with "-" goes after --: attach -- <id> <file>)
  stats                              counts of notes, topics, tags, trash, attachments and the index
  protect                            encrypt the notebook with a passphrase (prints a one-time recovery key)
      --no-recovery-key              no recovery key: forget the passphrase and the notes are gone
  unprotect                          decrypt every file again and remove the passphrase
  passphrase                         change the passphrase (only the key is rewrapped, no file rewritten)

Passphrase (protected notebooks; never on the command line)
  a prompt without echo in a terminal, or
  --passphrase-file FILE            the first line of FILE (for protect: the new passphrase)
  --new-passphrase-file FILE        the new passphrase for \`passphrase\`
  --passphrase-stdin                lines of standard input: the passphrase, then a new one if asked
  --recovery-key-file FILE          open with the recovery key instead of the passphrase

Options
  --data-dir DIR   notes folder (default: DOSSIER_DATA_DIR, else the app's folder)
  --json           machine-readable output on stdout
  -h, --help       this text

Exit codes: 0 ok, 1 the operation failed, 2 wrong usage, 3 the notes could not be opened
(already open in another Dossier, unreadable, or from a newer version).`;

class UsageError extends Error {}

/** `tty`: progress on stderr; `promptTty`: a passphrase can be asked for on the terminal (stdin is one). */
type Io = { out: (s: string) => void; err: (s: string) => void; tty: boolean; promptTty?: boolean };

const COMMANDS = [
  'import',
  'export',
  'search',
  'stats',
  'exports',
  'attach',
  'protect',
  'unprotect',
  'passphrase',
];

/**
 * The sealer for a protected notebook (null when it is not protected): asks for the passphrase, derives the
 * key, and finishes a protect/unprotect that was cut short. A wrong passphrase throws WRONG_PASSPHRASE.
 */
async function unlockForCli(dataDir: string, reader: PassphraseReader): Promise<Sealer | null> {
  let file = await readProtection(dataDir);
  if (!file) return null;
  const dataKey = await unlockDataKey(file, await reader.current());
  const resumed = await resumeConversion(dataDir, file, dataKey, 'the dossier command');
  if (resumed) file = resumed.file;
  if (!file) {
    dataKey.fill(0);
    return null;
  }
  return keySealer(dataKey, { requireSealed: file.state === 'on' });
}

/** protect / unprotect / passphrase: exit code. */
async function protectionCommand(
  command: string,
  dataDir: string,
  reader: PassphraseReader,
  opt: { 'no-recovery-key'?: boolean | undefined; json?: boolean | undefined },
  io: Io,
): Promise<number> {
  const file = await readProtection(dataDir);
  if (command === 'protect') {
    if (file) throw new DossierError('CONFLICT', 'This notebook is already protected with a passphrase.');
    const passphrase = await reader.next(true);
    // Opening and closing folds the journal into dossier.json and proves no one else has the notebook open.
    await openForCli(dataDir, null).then((app) => app.close());
    const r = await enableProtection(dataDir, passphrase, {
      withRecoveryKey: !opt['no-recovery-key'],
      owner: 'the dossier command',
    });
    r.dataKey.fill(0);
    const summary = {
      protected: true,
      sealed: r.report.converted + r.report.linked,
      removed: r.report.removed,
      unknown: r.report.unknown,
      recoveryKey: r.recoveryKey,
    };
    if (opt.json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
    else
      io.out(
        `Protected: ${summary.sealed} files encrypted, ${summary.removed} temporary files and caches removed.\n` +
          (r.report.unknown.length
            ? `Files Dossier does not know were encrypted too: ${r.report.unknown.join(', ')}\n`
            : '') +
          (r.recoveryKey
            ? `\nRecovery key (shown once; keep it apart from the laptop):\n\n    ${r.recoveryKey}\n\nIt opens the notebook if the passphrase is forgotten. Lose both and the notes are gone.\n`
            : '\nNo recovery key: forget the passphrase and the notes are gone.\n'),
      );
    return EXIT.ok;
  }
  if (!file) throw new DossierError('CONFLICT', 'This notebook is not protected with a passphrase.');
  if (command === 'passphrase') {
    const current = await reader.current();
    // Checked before the new one is asked for: a wrong passphrase changes nothing.
    (await unlockDataKey(file, current)).fill(0);
    await changePassphrase(dataDir, current, await reader.next());
    io.out(
      opt.json
        ? `${JSON.stringify({ changed: true })}\n`
        : 'Passphrase changed. The recovery key still works.\n',
    );
    return EXIT.ok;
  }
  // unprotect
  const sealer = await unlockForCli(dataDir, reader);
  if (!sealer) {
    io.out('The notebook was not protected any more.\n');
    return EXIT.ok;
  }
  await openForCli(dataDir, sealer).then((app) => app.close());
  const dataKey = await unlockDataKey(file, await reader.current());
  const report = await disableProtection(dataDir, dataKey, { owner: 'the dossier command' });
  dataKey.fill(0);
  const setAside = report.setAside;
  io.out(
    opt.json
      ? `${JSON.stringify({ protected: false, decrypted: report.converted + report.linked, setAside }, null, 2)}\n`
      : `Protection removed: ${report.converted + report.linked} files are plain again.\n` +
          (setAside.length
            ? `Damaged note histories kept as found beside a fresh one (.corrupt-<time>): ${setAside.join(', ')}\n`
            : ''),
  );
  return EXIT.ok;
}

function openForCli(dataDir: string, sealer: Sealer | null): Promise<OpenedApp> {
  return openApp(dataDir, 'cli', {
    owner: 'the dossier command',
    index: false,
    ...(sealer ? { sealer } : {}),
  });
}

function progress(io: Io, label: string): { tick: (done: number, total?: number) => void; end: () => void } {
  let last = 0;
  return {
    tick: (done, total) => {
      if (!io.tty || Date.now() - last < 100) return;
      last = Date.now();
      io.err(`\r${label} ${done}${total ? ` / ${total}` : ''}   `);
    },
    end: () => io.tty && io.err('\r\u001b[K'),
  };
}

function describeImport(r: ImportReport, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'Would add' : 'Added'} ${r.added} note${r.added === 1 ? '' : 's'}${r.newTopics.length ? ` and ${r.newTopics.length} topic${r.newTopics.length === 1 ? '' : 's'} (${r.newTopics.join(', ')})` : ''}.`,
  ];
  if (r.unchanged) lines.push(`${r.unchanged} already in Dossier unchanged.`);
  if (r.attachments)
    lines.push(
      `${r.attachments} attachment${r.attachments === 1 ? '' : 's'} ${dryRun ? 'found' : 'brought along'}.`,
    );
  if (r.ignored) lines.push(`${r.ignored} other file${r.ignored === 1 ? '' : 's'} ignored (not markdown).`);
  for (const d of r.duplicates) lines.push(`duplicate  ${d.path}: ${d.reason}`);
  for (const s of r.skipped) lines.push(`skipped    ${s.path}: ${s.reason}`);
  for (const w of r.warnings) lines.push(`warning    ${w.path}: ${w.message}`);
  // Per file, what stays as written and what is left out (--json has the full per-file report).
  for (const f of r.files) {
    if (f.outcome !== 'added') continue;
    if (f.keptAsText.length) lines.push(`as text    ${f.path}: ${f.keptAsText.join(', ')}`);
    if (f.dropped.length) lines.push(`dropped    ${f.path}: ${f.dropped.join('; ')}`);
  }
  return lines.join('\n');
}

async function withJobProgress<T>(
  app: OpenedApp,
  io: Io,
  label: string,
  jobId: string,
  run: Promise<T>,
): Promise<T> {
  const bar = progress(io, label);
  const timer = setInterval(() => {
    const p = app.core.jobs.progress(jobId);
    if (p) bar.tick(p.done, p.total || undefined);
  }, 100);
  try {
    return await run;
  } finally {
    clearInterval(timer);
    bar.end();
  }
}

/** Exit code and message for a failure before or around opening: usage, wrong passphrase, store. */
function cliFailure(err: unknown, dataDir: string, io: Io): number {
  if (err instanceof NoPassphraseSource) {
    io.err(`dossier: ${err.message}\n`);
    return EXIT.usage;
  }
  const e = toErrorPayload(err);
  if (['WRONG_PASSPHRASE', 'CONFLICT', 'BAD_INPUT'].includes(e.code)) {
    io.err(`dossier: ${e.message}\n`);
    return EXIT.failed;
  }
  io.err(`dossier: cannot open the notes in ${dataDir}\n${e.message}\n`);
  return EXIT.store;
}

const CLI_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'dry-run': { type: 'boolean' },
  query: { type: 'string' },
  brief: { type: 'string' },
  zip: { type: 'boolean' },
  order: { type: 'string' },
  limit: { type: 'string' },
  partner: { type: 'string' },
  'allow-marking': { type: 'string' },
  'passphrase-file': { type: 'string' },
  'new-passphrase-file': { type: 'string' },
  'passphrase-stdin': { type: 'boolean' },
  'recovery-key-file': { type: 'string' },
  'no-recovery-key': { type: 'boolean' },
} as const;

/**
 * `attach -abc… file`: a note id that starts with '-' (ids made before they became letters and digits)
 * reads as options, and parseArgs would name only its first letter; say what to type instead.
 */
function dashIdHint(argv: string[]): string | null {
  const at = argv.indexOf('attach');
  if (at === -1 || argv.slice(0, at).includes('--')) return null;
  for (let i = at + 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return null;
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : arg === '-h' ? 'help' : null;
    if (name !== null && name in CLI_OPTIONS) {
      const takesValue =
        CLI_OPTIONS[name as keyof typeof CLI_OPTIONS].type === 'string' && !arg.includes('=');
      if (takesValue) i++;
      continue;
    }
    if (!/^-[A-Za-z0-9_-]+$/.test(arg)) return null;
    return `"${arg}" reads as an option; a note id that starts with "-" goes after --, as in: dossier attach -- "${arg}" <file>…`;
  }
  return null;
}

/** Runs one CLI invocation; returns the exit code (never throws, never prints a stack trace). */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: CLI_OPTIONS,
    });
  } catch (err) {
    io.err(`dossier: ${dashIdHint(argv) ?? (err as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values: opt, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (opt.help || !command) {
    (opt.help ? io.out : io.err)(`${USAGE}\n`);
    return opt.help ? EXIT.ok : EXIT.usage;
  }
  if (!COMMANDS.includes(command)) {
    io.err(`dossier: unknown command "${command}"\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const dataDir = resolveDataDir(opt['data-dir'] ? ['--data-dir', opt['data-dir']] : []);
  const reader = passphraseReader(opt, io.promptTty ?? false);
  if (['protect', 'unprotect', 'passphrase'].includes(command)) {
    if (rest.length !== 0) {
      io.err(`dossier: ${command} takes no arguments (the passphrase is never one)\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    return protectionCommand(command, dataDir, reader, opt, io).catch((err: unknown) =>
      cliFailure(err, dataDir, io),
    );
  }
  let app: OpenedApp;
  try {
    // Only search, export --query and stats need the index; import and plain export skip building it.
    app = await openForCli(dataDir, await unlockForCli(dataDir, reader));
  } catch (err) {
    return cliFailure(err, dataDir, io);
  }
  try {
    const jobId = `cli-${process.pid}-${Date.now()}`;
    switch (command) {
      case 'import': {
        if (rest.length !== 1) throw new UsageError('import needs one folder, .zip or .md file');
        const source = path.resolve(rest[0]!);
        const dry = Boolean(opt['dry-run']);
        const report = await withJobProgress(
          app,
          io,
          'Reading files…',
          jobId,
          dry ? app.core.previewImport(source, jobId) : app.core.runImport(source, jobId),
        );
        io.out(opt.json ? `${JSON.stringify(report, null, 2)}\n` : `${describeImport(report, dry)}\n`);
        return EXIT.ok;
      }
      case 'export': {
        if (rest.length !== 1) throw new UsageError('export needs one target folder');
        const order = opt.order as NoteSort | undefined;
        if (order && !['updated', 'created', 'title'].includes(order))
          throw new UsageError('--order is updated, created or title');
        let scope: ExportScope = opt.query ? { kind: 'query', filter: { text: opt.query } } : { kind: 'all' };
        if (opt.brief !== undefined) {
          const wanted = opt.brief.toLocaleLowerCase();
          const topic = app.core.listTopics().find((t) => t.name.toLocaleLowerCase() === wanted);
          if (!topic)
            throw new DossierError(
              'NOT_FOUND',
              `No topic named "${opt.brief}". Topics: ${
                app.core
                  .listTopics()
                  .map((t) => t.name)
                  .join('; ') || 'none'
              }.`,
            );
          scope = { kind: 'topic', id: topic.id };
        }
        const format = opt.brief !== undefined ? 'brief' : opt.zip ? 'zip' : 'files';
        if (opt.query) await app.core.startIndexing();
        const report = await withJobProgress(
          app,
          io,
          'Writing…',
          jobId,
          app.core.exportMarkdown(scope, path.resolve(rest[0]!), {
            format,
            jobId,
            ...(order ? { order } : {}),
            ...(opt.partner !== undefined ? { partner: opt.partner } : {}),
            ...(opt['allow-marking'] !== undefined ? { allowMarking: opt['allow-marking'] } : {}),
          }),
        ).catch((err: unknown) => {
          if (err instanceof DossierError && err.code === 'CONFIRM_REQUIRED')
            throw new DossierError(
              'CONFIRM_REQUIRED',
              `${err.message.replace(/ Confirm to .*$/, '')} Nothing was written; add --allow-marking "${String(err.details?.highest)}" to export it.`,
            );
          throw err;
        });
        const withheld = report.withheldByReason.map((w) => `  withheld ${w.count}: ${w.reason}\n`).join('');
        io.out(
          opt.json
            ? `${JSON.stringify(report, null, 2)}\n`
            : `Exported ${report.notes} note${report.notes === 1 ? '' : 's'} as ${report.files} file${report.files === 1 ? '' : 's'}${report.attachments ? ` (${report.attachments} attachments)` : ''} to ${report.dir}${report.partner ? ` for ${report.partner}` : ''} (highest marking: ${report.highest ?? 'none'})\n${report.withheld ? `${report.withheld} note${report.withheld === 1 ? '' : 's'} withheld:\n${withheld}` : ''}`,
        );
        return EXIT.ok;
      }
      case 'exports': {
        if (rest.length !== 0) throw new UsageError('exports takes no arguments');
        const log = await app.core.exportLog();
        if (opt.json) io.out(`${JSON.stringify(log, null, 2)}\n`);
        else
          for (const e of log)
            io.out(
              `${e.time}  ${e.format}  ${e.scope} → ${e.destination}  ${e.partner ? `for ${e.partner}  ` : ''}${e.included} included, ${e.withheld} withheld, highest ${e.highest ?? '—'}\n`,
            );
        return EXIT.ok;
      }
      case 'attach': {
        if (rest.length < 2) throw new UsageError('attach needs a note id and at least one file');
        const [noteId, ...files] = rest as [string, ...string[]];
        const note = app.core.getNote(noteId);
        // Every file is stored (durably) first; the note is saved once, referencing only stored files.
        const attached = [];
        for (const f of files) attached.push(await app.core.attach(path.resolve(f)));
        const sep =
          note.body === '' || note.body.endsWith('\n\n') ? '' : note.body.endsWith('\n') ? '\n' : '\n\n';
        await app.core.updateNote({
          id: noteId,
          body: `${note.body}${sep}${attached.map((a) => a.markdown).join('\n')}\n`,
        });
        if (opt.json)
          io.out(
            `${JSON.stringify(
              attached.map((a) => a.attachment),
              null,
              2,
            )}\n`,
          );
        else
          for (const a of attached)
            io.out(
              `Attached ${a.attachment.name} (${formatBytes(a.attachment.size)}, ${a.attachment.mediaType}) to “${note.title || 'Untitled'}”${a.created ? '' : ' — already stored, not copied again'}\n`,
            );
        return EXIT.ok;
      }
      case 'search': {
        if (rest.length !== 1) throw new UsageError('search needs one query (quote it)');
        const limit = opt.limit ? Number(opt.limit) : 50;
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new UsageError('--limit is a number from 1 to 1000');
        await app.core.startIndexing();
        const r = app.core.listNotes({ text: rest[0]! }, 'relevance', 0, limit);
        const topics = new Map(app.core.listTopics().map((t) => [t.id, t.name]));
        if (opt.json)
          io.out(
            `${JSON.stringify({ total: r.total, query: r.queryExplained, notes: r.items.map((n) => ({ ...n, topic: n.topicId ? (topics.get(n.topicId) ?? null) : null })) }, null, 2)}\n`,
          );
        else {
          io.out(
            `${r.total} note${r.total === 1 ? '' : 's'} (read as: ${r.queryExplained || 'everything'})\n`,
          );
          for (const n of r.items)
            io.out(
              `${n.updatedAt.slice(0, 10)}  ${n.title || 'Untitled'}${n.topicId ? `  [${topics.get(n.topicId) ?? ''}]` : ''}${n.tags.length ? `  ${n.tags.map((t) => `#${t}`).join(' ')}` : ''}\n`,
            );
        }
        return EXIT.ok;
      }
      default: {
        await app.core.startIndexing();
        const info = app.core.info();
        const tags = app.core.listTags().all.length;
        const trash = app.core.listNotes({ trash: true }).total;
        const atts = Object.values(app.core.store.get().attachments);
        const stats = {
          dataDir: info.dataDir,
          notes: info.noteCount,
          topics: info.topicCount,
          tags,
          trash,
          savedSearches: app.core.listSavedSearches().length,
          attachments: atts.length,
          attachmentBytes: atts.reduce((sum, a) => sum + a.size, 0),
          index: app.core.index.memory(),
        };
        io.out(
          opt.json
            ? `${JSON.stringify(stats, null, 2)}\n`
            : `${stats.notes} notes in ${stats.topics} topics, ${tags} tags, ${trash} in the trash\n${stats.attachments} attachments (${formatBytes(stats.attachmentBytes)})\nData: ${stats.dataDir}\n`,
        );
        return EXIT.ok;
      }
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`dossier: ${err.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    io.err(`dossier: ${toErrorPayload(err).message}\n`);
    return EXIT.failed;
  } finally {
    await app.close().catch((err: unknown) => io.err(`dossier: could not save: ${(err as Error).message}\n`));
  }
}

// Run when bundled as the `dossier` command (not when imported by tests).
if ((process.argv[1] && /dossier(\.js)?$/.test(process.argv[1])) || process.env.DOSSIER_CLI_MAIN === '1') {
  void runCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    tty: Boolean(process.stderr.isTTY),
    promptTty: Boolean(process.stdin.isTTY),
  }).then((code) => {
    process.exitCode = code;
  });
}
