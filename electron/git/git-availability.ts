import { DossierError } from '../domain/errors.js';
import { gitOf, INSTALL_GIT, runGit, type Git } from './git-process.js';
import type { GitAvailability, GitSetup } from './topic-remote.js';

/** The oldest git whose plumbing the adapter relies on (protocol.*.allow, fast-import get-mark, ls-remote --refs). */
export const MIN_GIT: readonly [number, number] = [2, 20];

/** Parses "git version 2.39.5" (and vendor suffixes such as ".windows.1", " (Apple Git-146)"). */
export function parseGitVersion(text: string): [number, number, number] | null {
  const m = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

async function check(git: Git): Promise<GitAvailability> {
  let r;
  try {
    r = await runGit(git, ['--version'], { timeoutMs: 15_000 });
  } catch (err) {
    // git absent from PATH, or not startable at all: the same advice
    return { ok: false, message: err instanceof DossierError ? err.message : INSTALL_GIT };
  }
  const text = r.stdout.toString('utf8').trim();
  const version = parseGitVersion(text);
  // macOS ships a /usr/bin/git stub that fails until the developer tools are installed.
  if (r.code !== 0 || !version) return { ok: false, message: INSTALL_GIT };
  const [major, minor] = version;
  if (major < MIN_GIT[0] || (major === MIN_GIT[0] && minor < MIN_GIT[1]))
    return {
      ok: false,
      message: `Sharing needs git ${MIN_GIT.join('.')} or newer; this machine has ${version.join('.')}. Update it with your package manager (Debian/Ubuntu: sudo apt install git; macOS: xcode-select --install; Windows: https://git-scm.com)`,
    };
  return { ok: true, version: version.join('.') };
}

/** Whether the system git can be used for sharing, and in words how to install it when not (never throws). */
export function gitAvailability(setup?: GitSetup): Promise<GitAvailability> {
  return check(gitOf(setup));
}
