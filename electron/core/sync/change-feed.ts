import type { Note, StoreData } from '../../domain/model.js';
import type { Changes } from '../../domain/changes.js';
import { noteOf } from '../../domain/note-access.js';

/** What changed since a version: the notes, and whether anything else (topics, tags, searches) did. */
export type ChangesSince = {
  version: number;
  noteIds: string[];
  /** topics, saved searches or settings changed too */
  other: boolean;
  /** the feed no longer reaches back that far: refetch everything */
  reset: boolean;
};

const LOG_LIMIT = 2000;
const VERSIONS_PER_NOTE = 8;
const CACHED_NOTES = 2000;
/** UTF-16 units of body text the cache may hold (old versions of a big note add up while typing) */
const CACHED_CHARS = 16_000_000;

/**
 * A cheap change feed and the recent versions of each note, in memory.
 * Versions are one counter for the whole store; a note's version is the counter value of its last change.
 * The counter starts from the clock at open, so versions a page kept from before a restart are always
 * older than anything current (and their base is unknown, which the save merge treats conservatively).
 */
export class ChangeFeed {
  private seq: number;
  private readonly start: number;
  private readonly noteVersion = new Map<string, number>();
  private readonly log: { seq: number; notes: string[]; other: boolean }[] = [];
  /** recent versions of recently changed notes: base texts for merging stale saves */
  private readonly cache = new Map<string, { version: number; note: Note }[]>();
  private cachedChars = 0;

  constructor(nowMs: number) {
    this.start = Math.floor(nowMs) * 1000;
    this.seq = this.start;
  }

  get version(): number {
    return this.seq;
  }

  /** The version of one note (the open version for notes unchanged since). */
  versionOf(id: string): number {
    return this.noteVersion.get(id) ?? this.start;
  }

  /** Records one committed change; returns the new version. */
  record(before: StoreData, after: StoreData, changes: Changes): number {
    this.seq += 1;
    const notes = [...changes.notes];
    for (const id of notes) {
      const prev = noteOf(before, id);
      const next = noteOf(after, id);
      let kept = this.cache.get(id);
      if (!kept) {
        kept = [];
        if (prev) this.keep(kept, { version: this.versionOf(id), note: prev });
        this.cache.set(id, kept);
      } else {
        // Map order is insertion order: move the note to the young end.
        this.cache.delete(id);
        this.cache.set(id, kept);
      }
      if (next) this.keep(kept, { version: this.seq, note: next });
      if (kept.length > VERSIONS_PER_NOTE) this.cachedChars -= kept.shift()!.note.body.length;
      this.noteVersion.set(id, this.seq);
    }
    // Oldest notes first; the note just changed stays (it is the youngest).
    while (this.cache.size > 1 && (this.cache.size > CACHED_NOTES || this.cachedChars > CACHED_CHARS)) {
      const oldest = this.cache.keys().next().value!;
      for (const v of this.cache.get(oldest)!) this.cachedChars -= v.note.body.length;
      this.cache.delete(oldest);
    }
    const other =
      changes.topics.size > 0 ||
      changes.savedSearches.size > 0 ||
      changes.attachments.size > 0 ||
      changes.settings;
    this.log.push({ seq: this.seq, notes, other });
    if (this.log.length > LOG_LIMIT) this.log.shift();
    return this.seq;
  }

  private keep(list: { version: number; note: Note }[], v: { version: number; note: Note }): void {
    list.push(v);
    this.cachedChars += v.note.body.length;
  }

  /** The note as it was at `version`, if still remembered. */
  noteAt(id: string, version: number): Note | undefined {
    return this.cache.get(id)?.find((v) => v.version === version)?.note;
  }

  /** Notes changed after `since` (ids unique, oldest first). */
  since(since: number): ChangesSince {
    const version = this.seq;
    if (since >= version) return { version, noteIds: [], other: false, reset: false };
    const first = this.log[0];
    if (since < this.start || !first || first.seq > since + 1)
      return { version, noteIds: [], other: true, reset: true };
    const ids = new Set<string>();
    let other = false;
    for (let i = this.log.length - 1; i >= 0 && this.log[i]!.seq > since; i--) {
      for (const id of this.log[i]!.notes) ids.add(id);
      other ||= this.log[i]!.other;
    }
    return { version, noteIds: [...ids], other, reset: false };
  }
}
