import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment, StoreData } from '../../domain/model.js';
import { DossierError } from '../../domain/errors.js';
import { BlobTooLargeError } from '../../domain/errors.js';
import type { BlobStore, PutResult } from '../../store/blobs.js';
import { sniffBytes } from './sniff.js';
import { attachmentMarkdown, findRefs, referencedIds, safeFileName } from './refs.js';
import { formatBytes } from './format-bytes.js';
import { inSlices } from '../../domain/slices.js';
import type { Attached, AttachmentView } from './types.js';

export type { Attached, AttachmentView };

/** A state change the composition root applies and saves (Dossier.apply). */
type Apply = <T>(change: (d: StoreData) => { data: StoreData; value: T }) => Promise<T>;

/** Attachments added this recently are kept by garbage collection even if no saved note references them yet. */
export const GC_GRACE_MS = 60 * 60 * 1000;

/**
 * The attachment use cases: add a file (blob first, durably, then its record), list a note's attachments,
 * and collect files nothing references any more. Which notes use a file is read from the bodies, so the
 * trash, restore, undo and import need no bookkeeping of their own.
 */
export class Attachments {
  /** ids attached in this session → when (so a just-attached file survives a purge before its note is saved) */
  private readonly recent = new Map<string, number>();

  constructor(
    readonly blobs: BlobStore,
    private readonly deps: { get: () => StoreData; apply: Apply; now: () => Date },
  ) {}

  get(id: string): Attachment {
    const att = this.deps.get().attachments[id];
    if (!att) throw new DossierError('NOT_FOUND', 'That attachment does not exist.');
    return att;
  }

  /** The record for a content hash, if stored. */
  byHash(hash: string): Attachment | undefined {
    const data = this.deps.get();
    const att = data.attachments[hash.slice(0, 16)];
    if (att?.hash === hash) return att;
    return Object.values(data.attachments).find((a) => a.hash === hash);
  }

  /**
   * Stores a file and records it. The blob is durable before the record is saved, and the record is saved
   * before this resolves — only then may a note reference it. `move` is for uploads in attachments/.incoming/.
   */
  async add(source: string, options: { name?: string | undefined; move?: boolean } = {}): Promise<Attached> {
    const name = safeFileName(options.name ?? path.basename(source));
    const limit = this.deps.get().settings.attachmentLimitBytes;
    const info = await stat(source).catch((err: NodeJS.ErrnoException) => {
      throw new DossierError('NOT_FOUND', `${source} cannot be read (${err.code ?? err.message}).`);
    });
    if (!info.isFile()) throw new DossierError('BAD_INPUT', `${source} is not a file.`);
    // An upload in .incoming is stored as it will be kept (sealed: a little larger); put() checks its content.
    if (!options.move && info.size > limit) throw tooLarge(name, info.size, limit);
    return this.record(name, limit, () =>
      this.blobs.put(source, { limit, ...(options.move ? { move: true } : {}) }),
    );
  }

  /** Stores bytes already in memory (a pasted image, an upload, a file from an imported zip) like add(). */
  async addBytes(bytes: Uint8Array, name: string): Promise<Attached> {
    const safe = safeFileName(name);
    const limit = this.deps.get().settings.attachmentLimitBytes;
    if (bytes.length > limit) throw tooLarge(safe, bytes.length, limit);
    return this.record(safe, limit, () => this.blobs.putBytes(bytes, { limit }));
  }

  /** Stores the blob (put), then its record; the blob is durable before the record is saved. */
  private async record(name: string, limit: number, store: () => Promise<PutResult>): Promise<Attached> {
    let put: PutResult;
    try {
      put = await store();
    } catch (err) {
      if (err instanceof BlobTooLargeError) throw tooLarge(name, err.size, limit);
      if (err instanceof DossierError) throw err;
      throw new DossierError(
        'IO_ERROR',
        `Cannot store ${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
      );
    }
    const existing = this.byHash(put.hash);
    if (existing) {
      this.recent.set(existing.id, this.deps.now().getTime());
      return { attachment: existing, markdown: attachmentMarkdown(existing, name), created: false };
    }
    const mediaType = await sniffBytes(put.head, name);
    const attachment = await this.deps.apply((d) => {
      const found = Object.values(d.attachments).find((a) => a.hash === put.hash);
      if (found) return { data: d, value: found };
      const rec: Attachment = {
        id: freeId(d, put.hash),
        hash: put.hash,
        name,
        mediaType,
        size: put.size,
        createdAt: this.deps.now().toISOString(),
      };
      return { data: { ...d, attachments: { ...d.attachments, [rec.id]: rec } }, value: rec };
    });
    this.recent.set(attachment.id, this.deps.now().getTime());
    return { attachment, markdown: attachmentMarkdown(attachment, name), created: put.created };
  }

  /** The attachments a note's body references, in order of first mention, with the name the note shows. */
  async list(body: string): Promise<AttachmentView[]> {
    const data = this.deps.get();
    const seen = new Set<string>();
    const out: AttachmentView[] = [];
    for (const ref of findRefs(body)) {
      if (seen.has(ref.id)) continue;
      seen.add(ref.id);
      const rec = data.attachments[ref.id];
      if (rec) out.push({ ...rec, shownName: ref.name, missing: !(await this.blobs.has(rec.hash)) });
      else
        out.push({
          id: ref.id,
          hash: '0'.repeat(64),
          name: ref.name,
          mediaType: 'application/octet-stream',
          size: 0,
          createdAt: '',
          shownName: ref.name,
          missing: true,
        });
    }
    return out;
  }

  /** Writes an attachment's content (plaintext) to `dest` (never over an existing file). */
  async saveAs(id: string, dest: string): Promise<{ path: string }> {
    const att = this.get(id);
    const target = path.resolve(dest);
    try {
      await this.blobs.copyOut(att.hash, target);
    } catch (err) {
      if (err instanceof DossierError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST')
        throw new DossierError('CONFLICT', `${target} already exists; choose another name.`);
      throw new DossierError('IO_ERROR', `Cannot write ${target}: ${code ?? (err as Error).message}.`);
    }
    return { path: target };
  }

  /**
   * Removes records and files that no note (live or in the trash) and no kept revision references.
   * `revisionBodies` yields the bodies of the revisions still kept. Run after the trash is emptied or purged.
   */
  async collect(revisionBodies: () => AsyncIterable<string>): Promise<{ removed: number; bytes: number }> {
    const used = new Set<string>();
    const onDisk = await this.blobs.list();
    const records = Object.values(this.deps.get().attachments);
    // No records and no files (most notebooks): nothing to look for in the bodies.
    if (records.length === 0 && onDisk.length === 0) return { removed: 0, bytes: 0 };
    // Every body is read, in slices so the core keeps answering; notes edited meanwhile are read again below.
    const scanned = this.deps.get().notes;
    await inSlices(Object.values(scanned), (n) => {
      for (const id of referencedIds(n.body)) used.add(id);
    });
    const notes = this.deps.get().notes;
    if (notes !== scanned)
      for (const id in notes)
        if (notes[id] !== scanned[id]) for (const r of referencedIds(notes[id]!.body)) used.add(r);
    const now = this.deps.now().getTime();
    const fresh = (a: Attachment) =>
      now - Date.parse(a.createdAt) < GC_GRACE_MS || now - (this.recent.get(a.id) ?? 0) < GC_GRACE_MS;
    const candidates = Object.values(this.deps.get().attachments).filter((a) => !used.has(a.id) && !fresh(a));
    // The common case at open: every record is in use and every file has a record; revisions need no reading.
    if (candidates.length === 0 && onDisk.length <= records.length) return { removed: 0, bytes: 0 };
    if (candidates.length > 0)
      for await (const body of revisionBodies()) for (const id of referencedIds(body)) used.add(id);
    const gone = await this.deps.apply((d) => {
      const drop = Object.values(d.attachments).filter((a) => !used.has(a.id) && !fresh(a));
      if (drop.length === 0) return { data: d, value: drop };
      const attachments = { ...d.attachments };
      for (const a of drop) delete attachments[a.id];
      return { data: { ...d, attachments }, value: drop };
    });
    const kept = new Set(Object.values(this.deps.get().attachments).map((a) => a.hash));
    let bytes = 0;
    let removed = 0;
    for (const hash of onDisk) {
      if (kept.has(hash)) continue;
      const size = (await stat(this.blobs.path(hash)).catch(() => null))?.size ?? 0;
      await this.blobs.remove(hash);
      bytes += size;
      removed++;
    }
    return { removed: Math.max(removed, gone.length), bytes };
  }
}

/** The shortest id (16 hex digits or more) that no other content uses. */
function freeId(data: StoreData, hash: string): string {
  for (let len = 16; len < 64; len += 4) {
    const id = hash.slice(0, len);
    const other = data.attachments[id];
    if (!other || other.hash === hash) return id;
  }
  return hash;
}

function tooLarge(name: string, size: number, limit: number): DossierError {
  return new DossierError(
    'TOO_LARGE',
    `“${name}” is ${formatBytes(size)}; files of at most ${formatBytes(limit)} can be attached (see the attachment limit in settings).`,
    { size, limit },
  );
}
