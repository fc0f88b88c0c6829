// The port the sharing domain (core/sharing/) asks for, and the git adapter in this folder provides: one shared
// topic's local bare repository plus its one remote branch. Types only; no I/O here. The core never spawns git.
import type { Sealer } from '../store/sealed/sealer.js';

/** What a tree entry is, as git's mode says; anything but 'file' is refused by the sharing rules. */
export type TreeEntryKind = 'file' | 'executable' | 'symlink' | 'submodule';

/**
 * Why a path of a remote's tree cannot be taken as it is. Hostile or broken (never take, never address):
 * - 'unsafe': a '..', '.' or empty segment, an absolute path, a `.git` segment (any case, NTFS `git~1` / trailing
 *   dots and HFS ignorable-character forms), a backslash, a NUL or control character
 * - 'too-long': over 4096 bytes, or a segment over 255 bytes (the path is given cut short)
 * - 'not-utf8': the name is not UTF-8 (the path is given with U+FFFD in place of the bad bytes)
 * - 'duplicate': the same path twice in one tree (a crafted tree; every copy is marked)
 * - 'too-large': a blob over the listing's `maxBlobBytes`
 * Portable only in part (harmless to Dossier, which never checks files out; a teammate's checkout may clash):
 * - 'case-collision' / 'normalization-collision': equal to an earlier path (tree order) up to case or Unicode
 *   normalisation (NFC); the first such path is left unmarked
 * - 'windows-name': a name Windows cannot hold (CON, NUL, COM1…, `<>:"|?*`, a trailing dot or space)
 */
export type PathProblem =
  | 'unsafe'
  | 'too-long'
  | 'not-utf8'
  | 'duplicate'
  | 'too-large'
  | 'case-collision'
  | 'normalization-collision'
  | 'windows-name';

/** One blob of a commit's tree (trees are flattened: `path` is '/'-separated from the root). */
export type TreeEntry = {
  path: string;
  /** git object id (hex) */
  id: string;
  kind: TreeEntryKind;
  /** bytes of the blob (0 for a submodule) */
  size: number;
  /** set when the path (or size) is not fit to be taken as it is; see PathProblem */
  problem?: PathProblem;
};

/** A change to the parent's tree: put these bytes at `path`, or remove `path`. */
export type TreeChange = { path: string; bytes: Uint8Array } | { path: string; remove: true };

/** Who and when, for a commit Dossier makes. */
export type Signature = { name: string; email: string; time: Date };

/** The result of a push: fast-forwarded, or refused because the remote moved on (fetch, merge, try again). */
export type PushOutcome = 'pushed' | 'rejected';

/** Whether the system git can be used, and in words what to do when it cannot. */
export type GitAvailability = { ok: true; version: string } | { ok: false; message: string };

/** Limits every read from a remote's objects obeys (hostile remotes). */
export type ReadLimits = { maxBlobBytes: number; maxEntries: number };

/**
 * What went wrong, for programs: every DossierError the adapter throws carries it as `details.reason` (with
 * git's own words, if any, as `details.stderr`). 'unreachable' and 'timeout' are the ordinary "offline" cases.
 */
export type GitFailureReason =
  | 'git-missing'
  | 'auth'
  | 'host-key'
  | 'unreachable'
  | 'timeout'
  | 'not-a-repository'
  | 'remote-refused'
  | 'unsafe-objects'
  | 'bundle-incomplete'
  | 'too-large'
  | 'bad-input'
  | 'failed';

/**
 * One shared topic's repository. All commit ids are full hex ids; `null` stands for "no commit" (an empty
 * remote, a topic never synced). Every method fails with a DossierError whose message says in words what went
 * wrong (git missing, remote unreachable, authentication refused…), never with git's raw output alone.
 * Calls are queued: one runs at a time. Keep one open per topic at a time: in a protected notebook each open
 * works on its own private copy, and the last flush decides what rests in the data folder.
 */
export type TopicRemote = {
  /** the remote as the user gave it (path, file://, https://, ssh://, user@host:path), for messages */
  readonly url: string;
  readonly branch: string;
  /** The remote branch's tip without fetching objects (a cheap "anything new?"); null: branch absent. */
  remoteTip(): Promise<string | null>;
  /**
   * Fetches the remote branch into the local repository; returns its tip (null: branch absent or remote empty).
   * Objects failing git's checks (`..` or `.git` in names, malformed trees) are refused whole: 'unsafe-objects'.
   */
  fetch(): Promise<string | null>;
  /**
   * The flattened tree of a commit in the local repository. More than `maxEntries` files (or a name longer than
   * 64 KiB) is refused (TOO_LARGE); a path or blob unfit to take is listed with its `problem`.
   */
  listTree(commit: string, limits: ReadLimits): Promise<TreeEntry[]>;
  /** The bytes of blobs (by id) in the local repository; a blob over `maxBlobBytes` is refused, not read. */
  readBlobs(ids: readonly string[], maxBlobBytes: number): Promise<Map<string, Uint8Array>>;
  /**
   * Writes one commit locally (not pushed): the parent's tree with `changes` applied (parent null: an empty
   * tree). Returns the new commit's id. A path with an 'unsafe' or 'too-long' problem is refused (BAD_INPUT).
   */
  commit(
    parent: string | null,
    changes: readonly TreeChange[],
    message: string,
    author: Signature,
  ): Promise<string>;
  /** Pushes `commit` to the remote branch, fast-forward only. */
  push(commit: string): Promise<PushOutcome>;
  /** How many commits `from` has that `notFrom` has not (ahead/behind counts); null ids count as empty. */
  countAhead(from: string | null, notFrom: string | null): Promise<number>;
  /**
   * Keeps `commit` and its history in the local repository whatever the remote does later (the merge base of
   * the next sync; a force-push elsewhere cannot take it away). null: keep nothing extra.
   */
  keep(commit: string | null): Promise<void>;
  /** Writes a git bundle holding `commit` and what leads to it, minus what `basis` already has. */
  createBundle(file: string, commit: string, basis: readonly string[]): Promise<void>;
  /** Reads a bundle received (verified first) into the local repository; returns its tip for the branch. */
  applyBundle(file: string): Promise<string | null>;
  /**
   * Makes the local repository durable at rest now. Plain notebooks: nothing to do (git writes in place).
   * Protected notebooks: the working copy lives in a private temp folder, and this seals what changed back into
   * the data folder; call it after a push, before recording the new merge base.
   */
  flush(): Promise<void>;
  /** Ends child processes (a long-lived `cat-file --batch`), flushes, and leaves the repository at rest. */
  close(): Promise<void>;
};

/** Where git is and the environment it starts from (defaults: `git` on PATH, process.env). */
export type GitSetup = {
  program?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** fetch, push, ls-remote: how long before giving up (default 5 minutes; ls-remote 1 minute) */
  networkTimeoutMs?: number;
};

/** What opening a shared topic's repository needs. */
export type TopicRemoteOptions = {
  dataDir: string;
  /** names the repository in the data folder (`sharing/<topicId>.git`) */
  topicId: string;
  /** as the user gave it: a path, file://, https://, ssh:// or user@host:path */
  url: string;
  branch: string;
  /** the notebook's sealer: when it seals, the repository is sealed at rest too */
  sealer: Sealer;
  git?: GitSetup;
};

/** The adapter's entry point as the core receives it (injected by the composition root). */
export type OpenTopicRemote = (options: TopicRemoteOptions) => Promise<TopicRemote>;

/** The availability check as the core receives it (the share dialog and the CLI ask before anything else). */
export type CheckGitAvailability = (git?: GitSetup) => Promise<GitAvailability>;
