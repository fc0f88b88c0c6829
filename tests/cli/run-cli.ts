import { afterAll, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleForNode } from '../setup/bundle.js';

// The `dossier` command as users run it: bundled from source and run as a real child process on a temp
// data dir. Each test file bundles to its own artifact folder, as files run in parallel.

const repo = path.resolve(import.meta.dirname, '..', '..');

export type CliResult = { code: number | null; out: string; err: string };

export type CliRunOptions = {
  /** DOSSIER_DATA_DIR of the child; default the harness's `dataDir`. */
  dataDir?: string;
  /** Extra environment, on top of this process's. */
  env?: Record<string, string>;
  /** Node options before the script (e.g. `-r hook.cjs`). */
  nodeArgs?: string[];
  /** Written to the child's standard input, which is then closed (e.g. a passphrase for --passphrase-stdin). */
  input?: string;
};

/** Bundles electron/cli/main.ts to test-artifacts/<artifact>/dossier.js and answers its path. */
export async function buildCli(artifact: string): Promise<string> {
  const cli = path.join(repo, 'test-artifacts', artifact, 'dossier.js');
  await bundleForNode(path.join(repo, 'electron', 'cli', 'main.ts'), cli);
  return cli;
}

/** Runs a bundled CLI to its exit and collects what it printed. */
export function runCli(
  cli: string,
  args: string[],
  { dataDir, env = {}, nodeArgs = [], input }: CliRunOptions = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, cli, ...args], {
      env: { ...process.env, ...(dataDir ? { DOSSIER_DATA_DIR: dataDir } : {}), ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
    if (input !== undefined) child.stdin.end(input);
  });
}

export type CliHarness = {
  /** The temp dir of this test file; the store is `dataDir` below it. */
  readonly dir: string;
  readonly dataDir: string;
  run: (args: string[], options?: CliRunOptions) => Promise<CliResult>;
};

/** Bundles the CLI and makes a temp dir before the file's tests; removes the dir after them. */
export function useCli({ artifact, prefix }: { artifact: string; prefix: string }): CliHarness {
  let cli = '';
  let dir = '';
  const started = () => {
    if (!dir) throw new Error('The CLI harness runs only inside the tests of its file');
    return dir;
  };
  beforeAll(async () => {
    cli = await buildCli(artifact);
    dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return started();
    },
    get dataDir() {
      return path.join(started(), 'data');
    },
    run: (args, options = {}) =>
      runCli(cli, args, { ...options, dataDir: options.dataDir ?? path.join(started(), 'data') }),
  };
}
