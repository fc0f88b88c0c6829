// The port the sharing domain (core/sharing/) asks for, and the git adapter in this folder provides: one shared
// topic's local bare repository plus its one remote branch. Types only; no I/O here. The core never spawns git.

/** What a tree entry is, as git's mode says; anything but 'file' is refused by the sharing rules. */
export type TreeEntryKind = 'file' | 'executable' | 'symlink' | 'submodule';

/** One blob of a commit's tree (trees are flattened: `path` is '/'-separated from the root). */
export type TreeEntry = {
  path: string;
  /** git object id (hex) */
  id: string;
  kind: TreeEntryKind;
  /** bytes of the blob (0 for a submodule) */
  size: number;
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
 * One shared topic's repository. All commit ids are full hex ids; `null` stands for "no commit" (an empty
 * remote, a topic never synced). Every method fails with a DossierError whose message says in words what went
 * wrong (git missing, remote unreachable, authentication refused…), never with git's raw output alone.
 */
export type TopicRemote = {
  /** the remote as the user gave it (path, file://, https://, ssh://, user@host:path), for messages */
  readonly url: string;
  readonly branch: string;
  /** The remote branch's tip without fetching objects (a cheap "anything new?"); null: branch absent. */
  remoteTip(): Promise<string | null>;
  /** Fetches the remote branch into the local repository; returns its tip (null: branch absent or remote empty). */
  fetch(): Promise<string | null>;
  /** The flattened tree of a commit in the local repository, within `limits` (refused beyond them). */
  listTree(commit: string, limits: ReadLimits): Promise<TreeEntry[]>;
  /** The bytes of blobs (by id) in the local repository; a blob over `maxBlobBytes` is refused, not read. */
  readBlobs(ids: readonly string[], maxBlobBytes: number): Promise<Map<string, Uint8Array>>;
  /**
   * Writes one commit locally (not pushed): the parent's tree with `changes` applied (parent null: an empty
   * tree). Returns the new commit's id.
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
  /** Writes a git bundle holding `commit` and what leads to it, minus what `basis` already has. */
  createBundle(file: string, commit: string, basis: readonly string[]): Promise<void>;
  /** Reads a bundle received (verified first) into the local repository; returns its tip for the branch. */
  applyBundle(file: string): Promise<string | null>;
  /** Ends child processes (a long-lived `cat-file --batch`) and leaves the repository at rest. */
  close(): Promise<void>;
};
