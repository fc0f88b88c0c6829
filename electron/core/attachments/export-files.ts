import type { Note, StoreData } from '../../domain/model.js';
import { UniqueNames } from '../export/file-names.js';
import { encodeName, rewriteRefs, safeFileName } from './refs.js';

/** Folder beside exported notes that holds their attachments (one per topic folder). */
export const EXPORT_ATTACHMENTS = '_attachments';

/** One attachment file an export writes: where (relative to the export root) and which stored file. */
export type ExportedFile = { rel: string; hash: string };

/**
 * Plans the attachments of exported notes: each reference `attachments/<id>/<name>` becomes
 * `_attachments/<name>` beside the note — a relative link Obsidian and every markdown viewer open — and the
 * file is written there once per folder. Two different files with the same name in one folder keep their
 * names in a subfolder per id (`_attachments/<id>/<name>`), so an import gets every name back exactly.
 */
export class ExportAttachments {
  private readonly byFolder = new Map<string, { names: UniqueNames; placed: Map<string, string> }>();
  readonly files: ExportedFile[] = [];

  constructor(private readonly data: StoreData) {}

  /** Names already in a folder's _attachments/ in the target: never overwritten (see place). */
  prepare(folder: string, existing: string[]): void {
    if (!this.byFolder.has(folder))
      this.byFolder.set(folder, { names: new UniqueNames(existing), placed: new Map() });
  }

  /** The note's body with its attachment links pointing into the folder's _attachments/. */
  body(note: Note, folder: string): string {
    return rewriteRefs(note.body, (ref) => {
      const att = this.data.attachments[ref.id];
      const name = safeFileName(ref.name);
      if (!att) return `${ref.image ? '!' : ''}[${ref.text}](${EXPORT_ATTACHMENTS}/${encodeName(name)})`;
      const rel = this.place(folder, att.id, att.hash, name);
      return `${ref.image ? '!' : ''}[${ref.text}](${rel.split('/').map(encodeName).join('/')})`;
    });
  }

  /** Where (relative to the note's folder) the file of (id, name) goes; planned once per folder. */
  private place(folder: string, id: string, hash: string, name: string): string {
    let f = this.byFolder.get(folder);
    if (!f) this.byFolder.set(folder, (f = { names: new UniqueNames(), placed: new Map() }));
    const key = `${id}/${name}`;
    let rel = f.placed.get(key);
    if (!rel) {
      const taken = f.names.take(name) !== name;
      rel = taken ? `${EXPORT_ATTACHMENTS}/${id}/${name}` : `${EXPORT_ATTACHMENTS}/${name}`;
      f.placed.set(key, rel);
      this.files.push({ rel: folder ? `${folder}/${rel}` : rel, hash });
    }
    return rel;
  }
}
