import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import { DossierError } from '../domain/errors.js';
import type { GitFailureReason, GitSetup } from './topic-remote.js';

/**
 * Starting the system git safely: every git Dossier runs goes through here, so hooks, unsafe transports,
 * fsmonitor and terminal prompts are off everywhere, and the inherited environment cannot point git at
 * another repository. The user's own global config (credential helper, proxy, CA, SSH command, URL rewrites)
 * and SSH agent still apply.
 */

/** How to install git, in the words the share dialog and the CLI show. */
export const INSTALL_GIT =
  'Sharing needs git. Install it with your package manager (Debian/Ubuntu: sudo apt install git; macOS: xcode-select --install; Windows: https://git-scm.com)';

/**
 * `-c` settings on every call (the command line wins over every config file). Transports: only the ones a
 * user's remote can be (file, git, http(s), ssh); `ext::` and helpers run programs and are refused. Objects
 * fetched are checked (fsck: `..`, `.git`, malformed trees) before they land.
 */
const SAFE_CONFIG = [
  `core.hooksPath=${os.devNull}`,
  'core.fsmonitor=false',
  'core.symlinks=false',
  'core.protectNTFS=true',
  'core.protectHFS=true',
  'core.quotePath=false',
  'core.logAllRefUpdates=false',
  'core.fsync=objects,reference',
  'gc.auto=0',
  'maintenance.auto=false',
  'protocol.allow=never',
  'protocol.file.allow=always',
  'protocol.git.allow=always',
  'protocol.http.allow=always',
  'protocol.https.allow=always',
  'protocol.ssh.allow=always',
  'protocol.ext.allow=never',
  'fetch.fsckObjects=true',
  'transfer.fsckObjects=true',
  'fetch.recurseSubmodules=false',
  'push.recurseSubmodules=no',
  'submodule.recurse=false',
  'fetch.writeCommitGraph=false',
  'http.lowSpeedLimit=1',
  'http.lowSpeedTime=60',
  'color.ui=false',
  'advice.detachedHead=false',
  'init.defaultBranch=main',
].flatMap((kv) => ['-c', kv]);

/** Inherited git variables that are the user's transport settings; every other GIT_* is dropped. */
const KEPT_GIT_VARS = new Set([
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_SSH_VARIANT',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'GIT_SSL_CERT',
  'GIT_SSL_KEY',
  'GIT_SSL_NO_VERIFY',
  'GIT_PROXY_COMMAND',
  'GIT_PROXY_SSL_CERT',
  'GIT_PROXY_SSL_KEY',
  'GIT_PROXY_SSL_CAINFO',
  'GIT_HTTP_PROXY_AUTHMETHOD',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_EXEC_PATH',
]);

/**
 * The environment git runs in: the base without GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY,
 * GIT_CONFIG_PARAMETERS, GIT_ASKPASS (an editor's helper inherited from a terminal) and the rest; no terminal
 * prompt; replace refs ignored; messages in English (they are matched, and shown only as detail).
 */
export function gitEnv(base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined) continue;
    if (/^GIT_/i.test(k) && !KEPT_GIT_VARS.has(k)) continue;
    env[k] = v;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_NO_REPLACE_OBJECTS = '1';
  env.LC_ALL = 'C';
  return env;
}

/** A git to run: the program and the environment it starts from. */
export type Git = {
  program: string;
  env: Record<string, string>;
  networkTimeoutMs: number;
};

const DEFAULT_NETWORK_TIMEOUT = 5 * 60_000;

/** Resolves the setup a caller gave (or the defaults) once. */
export function gitOf(setup: GitSetup | undefined): Git {
  return {
    program: setup?.program ?? 'git',
    env: gitEnv(setup?.env ?? process.env),
    networkTimeoutMs: setup?.networkTimeoutMs ?? DEFAULT_NETWORK_TIMEOUT,
  };
}

/** A failure with its reason for programs and git's own words (the tail) as detail. */
export function gitError(
  code: DossierError['code'],
  reason: GitFailureReason,
  message: string,
  stderr?: string,
): DossierError {
  const details: Record<string, unknown> = { reason };
  if (stderr?.trim()) details.stderr = stderr.trim().slice(-2000);
  return new DossierError(code, message, details);
}

export const gitMissing = (stderr?: string) => gitError('IO_ERROR', 'git-missing', INSTALL_GIT, stderr);

/** Options of one git call. */
export type SpawnOptions = {
  /** the repository (`--git-dir`); absent: no repository (git --version) */
  gitDir?: string;
  /** kill the process (and its children: ssh, remote helpers) after this long */
  timeoutMs?: number;
};

/**
 * Starts git with the safe settings. POSIX: in its own session, so that ssh has no terminal to ask on and a
 * timeout ends the whole group (ssh, git-remote-https) at once.
 */
export function spawnGit(git: Git, args: readonly string[], options: SpawnOptions = {}): GitChild {
  const full = [...SAFE_CONFIG, ...(options.gitDir ? ['--git-dir', options.gitDir] : []), ...args];
  const child = spawn(git.program, full, {
    env: git.env,
    cwd: options.gitDir ?? os.tmpdir(),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  return new GitChild(child, options.timeoutMs);
}

/** What a finished git call left. */
export type GitResult = { code: number; stdout: Buffer; stderr: string };

/** A running git: its exit (as a result, or DossierError for "git missing" / timeout) and a kill switch. */
export class GitChild {
  readonly exited: Promise<{ code: number; stderr: string }>;
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private stderrText = '';

  constructor(
    readonly process: ChildProcessWithoutNullStreams,
    timeoutMs: number | undefined,
  ) {
    // git dying early must not surface as an unhandled EPIPE on our end of its stdin.
    process.stdin.on('error', () => undefined);
    process.stderr.setEncoding('utf8');
    process.stderr.on('data', (s: string) => {
      // the tail is what explains a failure; keep it bounded against a chatty remote
      this.stderrText = (this.stderrText + s).slice(-64 * 1024);
    });
    if (timeoutMs !== undefined)
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.kill();
      }, timeoutMs);
    this.exited = new Promise((resolve, reject) => {
      process.once('error', (err: NodeJS.ErrnoException) => {
        this.clear();
        reject(
          err.code === 'ENOENT'
            ? gitMissing()
            : gitError('IO_ERROR', 'failed', `git could not start: ${err.message}`),
        );
      });
      process.once('close', (code, signal) => {
        this.clear();
        if (this.timedOut)
          reject(gitError('IO_ERROR', 'timeout', 'git took too long and was stopped.', this.stderrText));
        else resolve({ code: code ?? (signal ? 128 : 1), stderr: this.stderrText });
      });
    });
    // Callers that only kill (batch readers) must not see an unhandled rejection.
    this.exited.catch(() => undefined);
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** Ends git and everything it started. */
  kill(): void {
    const pid = this.process.pid;
    if (pid === undefined || this.process.exitCode !== null || this.process.signalCode !== null) return;
    try {
      if (process.platform !== 'win32') process.kill(-pid, 'SIGKILL');
      else this.process.kill('SIGKILL');
    } catch {
      this.process.kill('SIGKILL');
    }
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Input to a git call: bytes, or pieces written with backpressure (a 12 MB fast-import stream). */
export type GitInput = string | Uint8Array | Iterable<string | Uint8Array>;

/** Writes `input` to git's stdin and closes it; stops quietly if git went away. */
export async function writeInput(child: GitChild, input: GitInput | undefined): Promise<void> {
  const stdin = child.process.stdin;
  if (input === undefined) {
    stdin.end();
    return;
  }
  const pieces = typeof input === 'string' || input instanceof Uint8Array ? [input] : input;
  for (const piece of pieces) {
    if (stdin.destroyed || stdin.writableEnded) return;
    if (!stdin.write(piece)) {
      const gone = await new Promise<boolean>((resolve) => {
        const onDrain = () => done(false);
        const onGone = () => done(true);
        const done = (g: boolean) => {
          stdin.off('drain', onDrain);
          stdin.off('close', onGone);
          stdin.off('error', onGone);
          resolve(g);
        };
        stdin.once('drain', onDrain);
        stdin.once('close', onGone);
        stdin.once('error', onGone);
      });
      if (gone) return;
    }
  }
  stdin.end();
}

/** Output beyond this is refused (a call whose output is not streamed is small by nature). */
const MAX_COLLECTED = 64 * 1024 * 1024;

/** Runs git to the end and collects its output. A non-zero exit is a result, not an error (callers judge it). */
export async function runGit(
  git: Git,
  args: readonly string[],
  options: SpawnOptions & { input?: GitInput } = {},
): Promise<GitResult> {
  const child = spawnGit(git, args, options);
  const chunks: Buffer[] = [];
  let size = 0;
  child.process.stdout.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_COLLECTED) child.kill();
    else chunks.push(c);
  });
  const [exit] = await Promise.all([child.exited, writeInput(child, options.input)]);
  if (size > MAX_COLLECTED)
    throw gitError('IO_ERROR', 'too-large', 'git answered with more output than Dossier reads.');
  return { code: exit.code, stdout: Buffer.concat(chunks), stderr: exit.stderr };
}

/** The last meaningful line of git's stderr (for "could not …: <why>" messages). */
export function lastLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines[lines.length - 1] ?? '').replace(/^(fatal|error): /, '');
}
