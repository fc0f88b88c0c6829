import type { DossierError } from '../domain/errors.js';
import { gitError, lastLine } from './git-process.js';

/**
 * Turns what git said when talking to a remote into a sentence for people. git's messages are matched in
 * English (git runs with LC_ALL=C) and kept only as detail; the patterns cover git's own transports and the
 * usual servers (GitHub, GitLab, Gitea, a bare repository on a share, sshd).
 */

const AUTH =
  /Authentication failed|could not read (Username|Password)|terminal prompts disabled|Permission denied \((publickey|password|keyboard)|HTTP Basic: Access denied|returned error: 40[13]|Invalid username or password|No anonymous write access|403 Forbidden|401 Unauthorized/i;
const HOST_KEY = /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i;
const NOT_REPO =
  /does not appear to be a git repository|no such repository|Repository not found|repository .* not found|not a git repository|returned error: 404|No such file or directory|not valid: is this a git repository|access denied or repository not exported/i;
const UNREACHABLE =
  /Could not resolve host|Could not resolve hostname|Connection refused|Connection timed out|Operation timed out|Failed to connect|Network is unreachable|No route to host|Connection reset|Connection closed|unable to access|Could not read from remote repository|the remote end hung up|early EOF|SSL certificate problem|server certificate verification failed|unable to connect/i;
const UNSAFE =
  /fsck error|hasDot|hasDotgit|badTree|duplicateEntries|zeroPaddedFilemode|fullPathname|emptyName|index-pack failed|unpack-objects failed|bad object|did not send all necessary objects/i;

/** A failure of `what` (e.g. "fetch from") against `url`, in words, with git's stderr as detail. */
export function remoteFailure(what: string, url: string, stderr: string): DossierError {
  if (HOST_KEY.test(stderr))
    return gitError(
      'IO_ERROR',
      'host-key',
      `Could not ${what} ${url}: its SSH host key is not known or has changed. Connect to it once with ssh to check and accept its key.`,
      stderr,
    );
  if (AUTH.test(stderr))
    return gitError(
      'IO_ERROR',
      'auth',
      `Could not ${what} ${url}: the remote asked for a login. Set up a credential helper or an SSH key for it (Dossier never stores passwords).`,
      stderr,
    );
  // Checked before "not a repository": a refused pack also ends with "the remote end hung up".
  if (UNSAFE.test(stderr))
    return gitError(
      'DATA_TAMPERED',
      'unsafe-objects',
      `Could not ${what} ${url}: its history holds unsafe or damaged objects (${lastLine(stderr)}). Nothing was taken from it.`,
      stderr,
    );
  if (NOT_REPO.test(stderr))
    return gitError('NOT_FOUND', 'not-a-repository', `There is no git repository at ${url}.`, stderr);
  if (UNREACHABLE.test(stderr))
    return gitError(
      'IO_ERROR',
      'unreachable',
      `Could not reach ${url} (no network, or the server is down). Try again later.`,
      stderr,
    );
  return gitError(
    'IO_ERROR',
    'failed',
    `Could not ${what} ${url}: ${lastLine(stderr) || 'git failed'}.`,
    stderr,
  );
}
