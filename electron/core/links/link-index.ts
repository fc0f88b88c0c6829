import type { Note, StoreData } from '../../domain/model.js';
import { yieldToLoop } from '../../domain/slices.js';
import { parseLinks, type ParsedLink } from './parse.js';
import { NameTable, namesOf, targetKeys } from './names.js';
import { resolveLink, type Resolution } from './resolve.js';
import { bodyLength } from '../../domain/note-access.js';

/** What a persisted link index holds per note (see link-cache.ts): the fingerprint and its parsed links. */
export type LinkSnapshot = { entries: { id: string; fingerprint: string; links: ParsedLink[] }[] };

/** Changes whenever anything the link index reads from a note changes. */
export function linkFingerprint(note: Note): string {
  // bodyLength: a packed body's length without decoding it (decoding every body cost ≈0.4 s at 50k notes).
  return `${note.updatedAt}|${bodyLength(note)}|${note.title.length}|${note.deletedAt ?? ''}`;
}

/** One link into a note, found through the index. */
export type Inbound = { sourceId: string; link: ParsedLink };

const BUILD_SLICE_MS = 10;
const NO_LINKS: readonly ParsedLink[] = Object.freeze([]);

/**
 * Links between notes, kept in sync like the text index (same change hints from Dossier.mutate, built in
 * idle slices, restorable from a cache with fingerprints): each live note's parsed links, the names every
 * note answers to (titles, aliases, export file names), and target key → notes linking with that key.
 * Backlinks then cost a few map lookups and one resolution per candidate link, whatever the store's size.
 * Trashed notes neither link nor are linked to.
 */
export class LinkIndex {
  private readonly notes = new Map<string, Note>();
  /** parsed links of the live notes that have any (most have none; an entry each cost ≈50 bytes) */
  private readonly links = new Map<string, readonly ParsedLink[]>();
  readonly names = new NameTable();
  /** target key → ids of notes having a link with that key */
  private readonly inbound = new Map<string, Set<string>>();
  private topics: StoreData['topics'] = {};
  private building: Promise<void> | null = null;
  private orphans: { version: number; linked: Set<string> } | null = null;
  /** bumped on every change, so callers can cache per version */
  version = 0;
  ready = false;
  /** notes whose links came from the cache in the last build */
  restoredDocs = 0;

  /** Indexes every note in slices (from a cache where its fingerprint still matches); edits meanwhile arrive by sync. */
  build(current: () => StoreData, load?: () => Promise<LinkSnapshot | null>): Promise<void> {
    this.building ??= (async () => {
      const snap = load ? await load().catch(() => null) : null;
      const cached = new Map<string, { fingerprint: string; links: ParsedLink[] }>();
      for (const e of snap?.entries ?? []) cached.set(e.id, e);
      let slice = performance.now();
      const all = current().notes;
      this.topics = current().topics;
      for (const id in all) {
        const note = all[id]!;
        if (!this.notes.has(id) && current().notes[id] === note && !note.deletedAt) {
          const hit = cached.get(id);
          const reuse = hit && hit.fingerprint === linkFingerprint(note) ? hit.links : undefined;
          if (reuse) this.restoredDocs += 1;
          this.add(note, reuse);
        }
        if (performance.now() - slice > BUILD_SLICE_MS) {
          await yieldToLoop();
          slice = performance.now();
        }
      }
      this.version += 1;
      this.ready = true;
    })();
    return this.building;
  }

  /** Builds at once (the scan path, tests and the CLI). */
  static of(data: StoreData): LinkIndex {
    const index = new LinkIndex();
    index.topics = data.topics;
    for (const note of Object.values(data.notes)) if (!note.deletedAt) index.add(note);
    index.ready = true;
    return index;
  }

  private add(note: Note, links: readonly ParsedLink[] = parseLinks(note.body)): void {
    this.notes.set(note.id, note);
    if (links.length) this.links.set(note.id, links);
    this.names.add(note);
    for (const link of links) {
      if (link.isFile || !link.target) continue;
      for (const key of targetKeys(link.target)) {
        let set = this.inbound.get(key);
        if (!set) this.inbound.set(key, (set = new Set()));
        set.add(note.id);
      }
    }
  }

  private remove(id: string): void {
    const note = this.notes.get(id);
    if (!note) return;
    const links = this.linksOf(id);
    this.names.remove(note);
    for (const link of links) {
      if (link.isFile || !link.target) continue;
      for (const key of targetKeys(link.target)) {
        const set = this.inbound.get(key);
        set?.delete(id);
        if (set?.size === 0) this.inbound.delete(key);
      }
    }
    this.notes.delete(id);
    this.links.delete(id);
  }

  /** Applies the notes that changed between two states (the same hints the text index gets). */
  sync(before: StoreData, after: StoreData, changedIds?: Iterable<string>): void {
    this.topics = after.topics;
    if (before.notes === after.notes && before.topics === after.topics) return;
    this.version += 1;
    if (before.notes === after.notes) return;
    for (const id of changedIds ?? Object.keys(after.notes)) this.update(id, after.notes[id]);
    if (!changedIds) for (const id of this.notes.keys()) if (!(id in after.notes)) this.update(id, undefined);
  }

  private update(id: string, note: Note | undefined): void {
    const old = this.notes.get(id);
    if (old === note) return;
    const live = note && !note.deletedAt ? note : undefined;
    const kept = old && live && old.body === live.body ? this.linksOf(id) : undefined;
    if (old) this.remove(id);
    if (live) this.add(live, kept);
  }

  /** A live note the index knows. */
  note(id: string): Note | undefined {
    return this.notes.get(id);
  }

  /** Live note ids. */
  ids(): IterableIterator<string> {
    return this.notes.keys();
  }

  /** The parsed links of a live note (empty for unknown ids). */
  linksOf(id: string): readonly ParsedLink[] {
    return this.links.get(id) ?? NO_LINKS;
  }

  /** Where a link written in `source` goes (source null: no topic preference). */
  resolve(
    link: Pick<ParsedLink, 'target' | 'isFile'>,
    source: Pick<Note, 'id' | 'topicId'> | null,
  ): Resolution {
    return resolveLink(link, source, this.names, (id) => this.notes.get(id), { topics: this.topics });
  }

  /** Every link in other notes that resolves to note `id`, in source order. */
  inboundLinks(id: string): Inbound[] {
    const note = this.notes.get(id);
    if (!note) return [];
    const keys = new Set(namesOf(note).map((n) => n.key));
    const sources = new Set<string>();
    for (const key of keys) for (const s of this.inbound.get(key) ?? []) if (s !== id) sources.add(s);
    const out: Inbound[] = [];
    for (const sourceId of [...sources].sort()) {
      const source = this.notes.get(sourceId)!;
      for (const link of this.linksOf(sourceId)) {
        if (link.isFile || !link.target || !targetKeys(link.target).some((k) => keys.has(k))) continue;
        const r = this.resolve(link, source);
        if (r.status === 'resolved' && r.noteId === id) out.push({ sourceId, link });
      }
    }
    return out;
  }

  /** Ids of the notes a note links to (resolved, itself excluded). */
  targetsOf(id: string): Set<string> {
    const source = this.notes.get(id);
    const out = new Set<string>();
    if (!source) return out;
    for (const link of this.linksOf(id)) {
      const r = this.resolve(link, source);
      if (r.status === 'resolved' && r.noteId !== id) out.add(r.noteId);
    }
    return out;
  }

  /** Notes that link to a note or are linked to by one (orphan:no); computed once per version. */
  linkedNotes(): Set<string> {
    if (this.orphans?.version === this.version) return this.orphans.linked;
    const linked = new Set<string>();
    for (const id of this.notes.keys()) {
      const targets = this.targetsOf(id);
      if (targets.size) linked.add(id);
      for (const t of targets) linked.add(t);
    }
    this.orphans = { version: this.version, linked };
    return linked;
  }

  /** Notes with at least one link to a note (resolved or not; files and links to itself excluded). */
  hasLinks(id: string): boolean {
    return this.linksOf(id).some((l) => !l.isFile && l.target !== '');
  }

  /** The index as cacheable entries (see link-cache.ts). */
  snapshot(): LinkSnapshot {
    const entries: LinkSnapshot['entries'] = [];
    for (const [id, note] of this.notes)
      entries.push({ id, fingerprint: linkFingerprint(note), links: [...this.linksOf(id)] });
    return { entries };
  }

  /** Sizes, for benchmarks. */
  memory(): { notes: number; links: number; keys: number } {
    let links = 0;
    for (const l of this.links.values()) links += l.length;
    return { notes: this.notes.size, links, keys: this.inbound.size };
  }
}
