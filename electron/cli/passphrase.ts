import { readFile } from 'node:fs/promises';
import type { Secret } from '../store/sealed/protection-file.js';
import { DossierError } from '../domain/errors.js';

/**
 * Where the CLI gets a passphrase: a terminal prompt without echo, a file (`--passphrase-file`), or standard
 * input (`--passphrase-stdin`, one per line). Never a command-line argument: those end up in shell history
 * and in every other user's `ps`.
 */
export type PassphraseOptions = {
  'passphrase-file'?: string | undefined;
  'new-passphrase-file'?: string | undefined;
  'passphrase-stdin'?: boolean | undefined;
  'recovery-key-file'?: string | undefined;
};

/** Thrown when no source can give a passphrase (wrong usage: exit 2). */
export class NoPassphraseSource extends Error {}

/** Reads one line from the terminal with echo off (raw mode); Ctrl+C / Ctrl+D cancel. */
export function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    // Echo off before the prompt shows, so nothing typed after it can appear.
    stdin.setRawMode(true);
    process.stderr.write(prompt);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003' || ch === '\u0004') return done(new NoPassphraseSource('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

let stdinLines: Promise<string[]> | null = null;
function readStdinLines(): Promise<string[]> {
  stdinLines ??= (async () => {
    let text = '';
    process.stdin.setEncoding('utf8');
    for await (const chunk of process.stdin) text += chunk as string;
    return text.split(/\r?\n/);
  })();
  return stdinLines;
}

/** The first line of a passphrase or recovery-key file. */
async function firstLineOf(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DossierError('BAD_INPUT', `Cannot read ${file}: ${(err as Error).message}`);
  }
  return text.split(/\r?\n/)[0] ?? '';
}

export type PassphraseReader = {
  /** the passphrase (or recovery key) that opens the notebook; asked once, then remembered for the run */
  current(): Promise<Secret>;
  /** a new passphrase: asked twice on a terminal. `only`: no current one is asked (protect), so --passphrase-file gives it */
  next(only?: boolean): Promise<string>;
};

/** With --passphrase-stdin, the current passphrase is the first line and a new one the next. */
export function passphraseReader(opt: PassphraseOptions, tty: boolean): PassphraseReader {
  let usedStdin = 0;
  const fromStdin = async () => {
    const lines = await readStdinLines();
    const line = lines[usedStdin++];
    if (line === undefined || line === '')
      throw new NoPassphraseSource('standard input ended before the passphrase');
    return line;
  };
  const missing = () =>
    new NoPassphraseSource(
      'this needs the passphrase: type it at the prompt (in a terminal), or give --passphrase-file FILE or --passphrase-stdin',
    );
  let current: Promise<Secret> | null = null;
  const ask = async (): Promise<Secret> => {
    if (opt['recovery-key-file']) return { recoveryKey: await firstLineOf(opt['recovery-key-file']) };
    if (opt['passphrase-file']) return { passphrase: await firstLineOf(opt['passphrase-file']) };
    if (opt['passphrase-stdin']) return { passphrase: await fromStdin() };
    if (tty) return { passphrase: await promptHidden('Passphrase: ') };
    throw missing();
  };
  return {
    // Asked once per run, however often a command needs it.
    current: () => (current ??= ask()),
    async next(only = false) {
      const file = opt['new-passphrase-file'] ?? (only ? opt['passphrase-file'] : undefined);
      if (file) return firstLineOf(file);
      if (opt['passphrase-stdin']) return fromStdin();
      if (tty) {
        const first = await promptHidden('New passphrase: ');
        const again = await promptHidden('The same again: ');
        if (first !== again) throw new NoPassphraseSource('the two passphrases differ; nothing was changed');
        return first;
      }
      throw missing();
    },
  };
}
