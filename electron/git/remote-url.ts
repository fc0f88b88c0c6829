import path from 'node:path';
import { gitError } from './git-process.js';

/** The kinds of remote a user already has; anything else is refused before git sees it. */
export type RemoteKind = 'path' | 'file' | 'http' | 'https' | 'ssh' | 'scp' | 'git';

/** A remote as git is given it: a local path made absolute, a URL as written. */
export type RemoteAddress = { kind: RemoteKind; forGit: string };

const SCHEMES: Record<string, RemoteKind> = {
  file: 'file',
  http: 'http',
  https: 'https',
  ssh: 'ssh',
  'git+ssh': 'ssh',
  'ssh+git': 'ssh',
  git: 'git',
};

const bad = (url: string, why: string) =>
  gitError('BAD_INPUT', 'bad-input', `"${url}" cannot be used as a remote: ${why}.`);

/**
 * Reads a remote the way git does (a URL with a scheme, `[user@]host:path`, or a local path) and refuses what
 * would make git run a program (`ext::…`, `fd::…`, a host or path starting with "-"), a password written into
 * the address (Dossier never stores one: git's credential helper keeps it), and control characters.
 * `cwd` anchors a relative path (git itself runs elsewhere).
 */
export function parseRemote(url: string, cwd: string = process.cwd()): RemoteAddress {
  if (!url.trim()) throw bad(url, 'it is empty');
  if (/[\u0000-\u001f\u007f]/.test(url)) throw bad(url, 'it holds control characters');
  if (url.startsWith('-')) throw bad(url, 'it starts with "-"');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url))
    throw bad(url, 'git remote helpers ("transport::address") are not allowed');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (scheme) {
    const kind = SCHEMES[scheme[1]!.toLowerCase()];
    if (!kind)
      throw bad(
        url,
        `"${scheme[1]}" is not a kind of remote Dossier uses (a path, file://, https://, ssh://, git://)`,
      );
    if (kind === 'file') return { kind, forGit: url };
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw bad(url, 'it is not a valid address');
    }
    if (parsed.password)
      throw bad(
        url,
        'leave the password out of the address; set up a credential helper or an SSH key instead',
      );
    if (!parsed.hostname || parsed.hostname.startsWith('-')) throw bad(url, 'the host name is not valid');
    return { kind, forGit: url };
  }
  // git's rule: a colon before any slash makes it scp-like (host:path), except a Windows drive (C:\ or C:/).
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  const drive = /^[A-Za-z]:[\\/]/.test(url);
  if (colon > 0 && (slash < 0 || colon < slash) && !drive) {
    const host = url.slice(0, colon).replace(/^[^@]*@/, '');
    if (!host || host.startsWith('-') || /\s/.test(host)) throw bad(url, 'the host name is not valid');
    if (url.slice(colon + 1).startsWith('-')) throw bad(url, 'the path starts with "-"');
    return { kind: 'scp', forGit: url };
  }
  return { kind: 'path', forGit: path.resolve(cwd, url) };
}
