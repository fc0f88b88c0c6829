import type { Note } from '../../domain/model.js';
import type { PropertyValue } from '../../domain/property-value.js';
import { displayTitle } from '../notes/notes.js';
import { safeStem } from '../export/file-names.js';

/** How a link target is compared with titles and aliases: NFC, spaces collapsed, case ignored. */
export function linkKey(text: string): string {
  // Plain ASCII needs no normalisation (the common case; NFC on every title and link costs at 50k notes).
  const nfc = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFC');
  return (/[^\S ]|\s\s|^\s|\s$/.test(nfc) ? nfc.replace(/\s+/g, ' ').trim() : nfc).toLowerCase();
}

/** Titles whose export file name differs from them (characters Windows forbids, edges, length, device names). */
const FILE_NAME_CHANGES =
  /[\u0000-\u001f\u007f<>:"/\\|?*]|[^\S ]|^[.\s]|[.\s]$|\s\s|^(con|prn|aux|nul|com|lpt)/i;

/** The aliases a note answers to (the `aliases` property, a list or one text; Obsidian's `alias` too). */
export function aliasesOf(note: Pick<Note, 'properties'>): string[] {
  const out: string[] = [];
  const take = (v: PropertyValue | undefined) => {
    if (typeof v === 'string') out.push(...v.split(/,\s*/));
    else if (Array.isArray(v))
      for (const x of v) if (typeof x === 'string' || typeof x === 'number') out.push(String(x));
  };
  take(note.properties?.aliases);
  take(note.properties?.alias);
  return out.map((a) => a.trim()).filter(Boolean);
}

/** Which of a note's names a key matched: its title, an alias, or the file name its export gets. */
export type NameTier = 'title' | 'alias' | 'file';

/** The keys a live note answers to, by tier (a key may appear in several tiers). */
export function namesOf(note: Note): { tier: NameTier; key: string }[] {
  // Not cached per note: a cache entry cost more memory (≈100 bytes a note) than the rare recomputation
  // (on an edit, or for one note's backlinks) costs time.
  const title = displayTitle(note);
  const out: { tier: NameTier; key: string }[] = [{ tier: 'title', key: linkKey(title) }];
  if (note.properties) for (const a of aliasesOf(note)) out.push({ tier: 'alias', key: linkKey(a) });
  if (title.length > 80 || FILE_NAME_CHANGES.test(title)) {
    const file = linkKey(safeStem(title));
    if (file !== out[0]!.key) out.push({ tier: 'file', key: file });
  }
  return out;
}

/**
 * The keys a link target may match: the whole target (titles may hold '/'), and for a path its last
 * segment (`Bases/Layouts/Cards` → `cards`).
 */
export function targetKeys(target: string): string[] {
  const whole = linkKey(target);
  if (!target.includes('/')) return [whole];
  const last = linkKey(target.split('/').pop()!);
  return last && last !== whole ? [whole, last] : [whole];
}

/** A key's notes per tier; a tier's Set exists only while it has members (most keys with several notes
 * are shared titles, and three Sets per such key were ≈6 MB at 50,000 notes). */
type Tiers = Partial<Record<NameTier, Set<string>>>;

/**
 * Name key → note ids per tier; kept up to date by the link index, built from scratch by the scan. A key
 * that only one note has, as its title (nearly every key), maps to that note's id alone: three Sets per
 * key were ≈20 MB at 50,000 notes.
 */
export class NameTable {
  private readonly byKey = new Map<string, string | Tiers>();

  add(note: Note): void {
    for (const { tier, key } of namesOf(note)) {
      const entry = this.byKey.get(key);
      if (entry === undefined && tier === 'title') this.byKey.set(key, note.id);
      else {
        const tiers = this.tiersOf(key, entry);
        (tiers[tier] ??= new Set()).add(note.id);
      }
    }
  }

  remove(note: Note): void {
    for (const { tier, key } of namesOf(note)) {
      const entry = this.byKey.get(key);
      if (entry === undefined) continue;
      if (typeof entry === 'string') {
        if (entry === note.id) this.byKey.delete(key);
        continue;
      }
      const ids = entry[tier];
      if (!ids?.delete(note.id) || ids.size) continue;
      entry[tier] = undefined;
      if (!entry.title && !entry.alias && !entry.file) this.byKey.delete(key);
    }
  }

  /** The notes a key names: titles first, else aliases, else export file names (sorted ids). */
  lookup(key: string): string[] {
    const entry = this.byKey.get(key);
    if (entry === undefined) return [];
    if (typeof entry === 'string') return [entry];
    return [...(entry.title ?? entry.alias ?? entry.file ?? [])].sort();
  }

  /** The full entry of a key, made from the single title id it held if need be. */
  private tiersOf(key: string, entry: string | Tiers | undefined): Tiers {
    if (entry !== undefined && typeof entry !== 'string') return entry;
    const tiers: Tiers = entry === undefined ? {} : { title: new Set([entry]) };
    this.byKey.set(key, tiers);
    return tiers;
  }
}
