import type { StoreData } from '../domain/model.js';
import { COLLECTIONS, type Changes, type Collection } from '../domain/changes.js';
import { DossierError } from '../domain/errors.js';
import { formatSize } from '../domain/format-size.js';

/**
 * The largest dossier.json Dossier guarantees to open again: 256 MiB. Why this number (see README,
 * "How big a notebook can grow"): V8 cannot hold a string longer than ≈512 MiB (2^29 − 24 one-byte
 * characters), which is what every whole-file JSON reader — older Dossier versions, jq, a script —
 * needs; half of that leaves room for JSON escapes of non-ASCII text in other tools, for the store in
 * memory (records as objects take about twice their text) plus the search index in one process, and
 * for the 17 rolling backups (each a full copy) on an ordinary disk. Tests lower it with
 * DOSSIER_STORE_BUDGET_BYTES so they need not write hundreds of megabytes.
 */
export const DEFAULT_STORE_BUDGET_BYTES = 256 * 1024 * 1024;

/** The budget in force (DOSSIER_STORE_BUDGET_BYTES overrides the default). */
export function storeBudgetBytes(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.DOSSIER_STORE_BUDGET_BYTES);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? Math.floor(fromEnv) : DEFAULT_STORE_BUDGET_BYTES;
}

/** The smallest a note takes in dossier.json: `"id":{"id":…,"topicId":null,…,"updatedAt":…},`. */
const MIN_NOTE_RECORD_BYTES = 160;

// Records are immutable (a change makes a new object), so a size computed once holds for the object.
const sizeCache = new WeakMap<object, number>();

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Bytes one `"id":{…},` entry takes in dossier.json (the comma included). */
function entryBytes(id: string, record: object): number {
  let size = sizeCache.get(record);
  if (size === undefined) {
    size = jsonBytes(record);
    sizeCache.set(record, size);
  }
  return jsonBytes(id) + 1 + size + 1;
}

/** The records of a collection as [id, record] pairs, in file order (the notes are a map, the rest records). */
function entriesOf(data: StoreData, c: Collection): Iterable<[string, object]> {
  return c === 'notes' ? data.notes.entries() : Object.entries(data[c] as Record<string, object>);
}

/** The record under `id` in a collection, or undefined. */
function recordOf(data: StoreData, c: Collection, id: string): object | undefined {
  if (c === 'notes') return data.notes.get(id);
  const r = data[c] as Record<string, object>;
  return Object.hasOwn(r, id) ? r[id] : undefined;
}

/** Exact size of dossier.json as chunked-writer.ts writes it. */
export function storeBytes(data: StoreData): number {
  let total = 1; // '{'
  let first = true;
  for (const [key, value] of Object.entries(data)) {
    total += (first ? 0 : 1) + jsonBytes(key) + 1;
    first = false;
    if ((COLLECTIONS as readonly string[]).includes(key)) {
      let entries = 0;
      let sum = 2; // '{' '}'
      for (const [id, rec] of entriesOf(data, key as Collection)) {
        sum += entryBytes(id, rec);
        entries++;
      }
      total += sum - (entries ? 1 : 0); // no comma after the last entry
    } else total += jsonBytes(value);
  }
  return total + 1; // '}'
}

/**
 * Whether a collection has entries. A changed id found in it answers at once; a for-in over a 50,000-entry
 * record lists every key first (≈7 ms), which each save paid twice.
 */
function hasEntries(data: StoreData, c: Collection, ids: Iterable<string>): boolean {
  if (c === 'notes') return data.notes.size > 0;
  const record = data[c] as Record<string, object>;
  for (const id of ids) if (Object.hasOwn(record, id)) return true;
  for (const _ in record) return true;
  return false;
}

/** Size after a change, from the records it names (equal to storeBytes of `after`, see the property test). */
function projectedBytes(current: number, before: StoreData, after: StoreData, changes: Changes): number {
  let delta = 0;
  for (const c of COLLECTIONS) {
    if (changes[c].size === 0) continue;
    // The last entry has no comma: an empty collection is one byte shorter than its entries' sum says.
    delta += (hasEntries(before, c, changes[c]) ? 1 : 0) - (hasEntries(after, c, changes[c]) ? 1 : 0);
    for (const id of changes[c]) {
      const a = recordOf(before, c, id);
      const b = recordOf(after, c, id);
      if (a) delta -= entryBytes(id, a);
      if (b) delta += entryBytes(id, b);
    }
  }
  if (changes.settings) delta += jsonBytes(after.settings) - jsonBytes(before.settings);
  return current + delta;
}

/** True when a change only removes records or moves them to the trash (the way out of a full notebook). */
function onlyDeletes(before: StoreData, after: StoreData, changes: Changes): boolean {
  if (changes.settings) return false;
  for (const c of COLLECTIONS) {
    for (const id of changes[c]) {
      const next = recordOf(after, c, id) as { deletedAt?: string } | undefined;
      if (!next) continue; // removed
      const prev = recordOf(before, c, id) as { deletedAt?: string } | undefined;
      if (!prev || prev.deletedAt || !next.deletedAt) return false;
      const { deletedAt: _p, ...restPrev } = prev;
      const { deletedAt: _n, ...restNext } = next;
      if (JSON.stringify(restPrev) !== JSON.stringify(restNext)) return false;
    }
  }
  return true;
}

export type StorageInfo = { bytes: number; budgetBytes: number; readOnly: boolean };

/**
 * Keeps dossier.json within the budget: every commit that would grow the store past it is refused
 * before anything changes (memory, undo, index, disk). A store that is already over (written by an
 * older version) stays open read-only: export works, and deleting notes or emptying the trash is
 * allowed, since that is the way back under.
 */
export class StoreBudget {
  private pending: { next: StoreData; bytes: number } | null = null;

  constructor(
    readonly budgetBytes: number,
    private bytes: number,
  ) {}

  info(): StorageInfo {
    return { bytes: this.bytes, budgetBytes: this.budgetBytes, readOnly: this.bytes > this.budgetBytes };
  }

  /** Throws STORE_FULL if `after` may not be committed; `action` names it in the message ("import"). */
  admit(before: StoreData, after: StoreData, changes: Changes, action = 'change'): void {
    const projected = projectedBytes(this.bytes, before, after, changes);
    if (!(this.bytes > this.budgetBytes && onlyDeletes(before, after, changes)))
      this.check(projected, action);
    this.pending = { next: after, bytes: projected };
  }

  /**
   * Throws STORE_FULL if adding `bytes` of text as `records` new records (files about to be imported)
   * would cross the budget. Each record is counted at its smallest (id, dates, empty fields), so a
   * flood of empty files is refused too; the exact check follows at commit.
   */
  admitGrowth(bytes: number, action = 'change', records = 0): void {
    const projected = this.bytes + bytes + records * MIN_NOTE_RECORD_BYTES;
    if (projected > this.bytes) this.check(projected, action);
  }

  private check(projected: number, action: string): void {
    if (this.bytes > this.budgetBytes) {
      throw new DossierError(
        'STORE_FULL',
        `Your notes are ${formatSize(this.bytes)}, more than the ${formatSize(this.budgetBytes)} Dossier keeps in one notebook, so they are open read-only. Export them, or delete notes and empty the trash to make room. Nothing was changed.`,
        { bytes: this.bytes, budgetBytes: this.budgetBytes },
      );
    }
    if (projected > this.budgetBytes && projected > this.bytes) {
      throw new DossierError(
        'STORE_FULL',
        `This ${action} would make your notes ${formatSize(projected)}; Dossier keeps at most ${formatSize(this.budgetBytes)} in one notebook. Nothing was changed.`,
        { bytes: this.bytes, projectedBytes: projected, budgetBytes: this.budgetBytes },
      );
    }
  }

  /** The state was committed: its size becomes the current size. */
  committed(before: StoreData, next: StoreData, changes: Changes | undefined): void {
    if (this.pending?.next === next) this.bytes = this.pending.bytes;
    else this.bytes = changes ? projectedBytes(this.bytes, before, next, changes) : storeBytes(next);
    this.pending = null;
  }
}
