import path from 'node:path';
import type { Attachment } from '../../domain/model.js';
import type { Candidate } from '../import/parse.js';
import type { SourceAssets } from '../import/sources.js';
import { maskCode, parseLinks } from '../links/parse.js';
import { decodeName, refTarget, safeFileName } from './refs.js';

/**
 * Brings the files notes reference along on import, and rewrites the references to Dossier's form
 * (`attachments/<id>/<name>`, see refs.ts). Understood: markdown images and links to local files
 * (`![](x.png)`, `[report](files/report.pdf)`, Dossier's own `_attachments/…` and Joplin's `../_resources/…`),
 * Obsidian embeds and links to non-note files (`![[x.png]]`, `![[doc.pdf#page=3]]`, `[[x.png|alias]]`,
 * found by path or, as Obsidian does, by file name anywhere in the vault) and Joplin's `:/<resource id>`.
 * A target that is not in the source stays as it was and is reported. Wikilinks are read by the links
 * parser (links/parse.ts), so import and the link index agree on what is a link and what is a file (its
 * `isFile`); wikilinks to notes are left to the links feature.
 */

/** Markdown link or image with a local target: (!)[text](target "title"). */
const MD_LINK = /(!?)\[((?:[^\]\\\n]|\\.)*)\]\(\s*(<[^>\n]+>|[^)\s]+)(?:\s+"[^"\n]*")?\s*\)/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const JOPLIN = /^:\/([0-9a-f]{32})$/;
const NOTE_FILE = /\.(md|markdown)$/i;

/** Stores one referenced file and returns its record (run), or null to only check it exists (preview). */
export type AttachFile = (
  found: { path: string } | { bytes: Uint8Array },
  name: string,
) => Promise<Attachment>;

type Resolver = (target: string, from: string) => string | null;

function resolver(assets: SourceAssets): Resolver {
  const set = new Set(assets.list);
  const byName = new Map<string, string[]>();
  for (const rel of assets.list) {
    const base = rel.split('/').pop()!.toLowerCase();
    byName.set(base, [...(byName.get(base) ?? []), rel]);
  }
  return (target, from) => {
    const joplin = JOPLIN.exec(target);
    if (joplin) return assets.list.find((r) => r.split('/').pop()!.startsWith(joplin[1]!)) ?? null;
    const clean = target.replace(/\\/g, '/');
    const dir = path.posix.dirname(from);
    for (const rel of [path.posix.join(dir, clean), path.posix.normalize(clean)]) {
      if (rel.startsWith('../') || rel === '..' || path.posix.isAbsolute(rel)) continue;
      if (set.has(rel) || assets.list.length === 0) return rel;
    }
    // Obsidian's shortest path: the file name alone, anywhere in the vault (nearest to the note first).
    const hits = byName.get(clean.split('/').pop()!.toLowerCase()) ?? [];
    return (
      hits.find((h) => path.posix.dirname(h) === dir) ??
      hits.find((h) => h.endsWith('/' + clean) || h === clean) ??
      hits[0] ??
      null
    );
  };
}

type Found = {
  start: number;
  end: number;
  target: string;
  rel: string | null;
  render: (a: Attachment, name: string) => string;
};

/** References to local files in a body (outside code and comments), resolved against the source. */
function references(body: string, from: string, resolve: Resolver): Found[] {
  // maskCode blanks code and comments in place, as for wikilinks: a link starting on a blank is not a link.
  const masked = maskCode(body);
  const inCode = (i: number) => masked[i] !== body[i];
  const out: Found[] = [];
  for (const m of body.matchAll(MD_LINK)) {
    let target = m[3]!;
    if (target.startsWith('<')) target = target.slice(1, -1);
    if (inCode(m.index) || target.startsWith('#') || target.startsWith('attachments/')) continue;
    if (SCHEME.test(target) && !JOPLIN.test(target)) continue;
    const decoded = JOPLIN.test(target) ? target : decodeName(target.replace(/[?#].*$/, ''));
    if (!decoded || NOTE_FILE.test(decoded)) continue;
    const image = m[1] === '!';
    const text = m[2]!;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      target,
      rel: resolve(decoded, from),
      render: (a, name) => `${image ? '!' : ''}[${text}](${refTarget(a.id, name)})`,
    });
  }
  for (const link of parseLinks(body)) {
    if (link.kind !== 'wiki' || !link.isFile) continue;
    const alias = link.label;
    out.push({
      start: link.offset,
      end: link.offset + link.length,
      target: link.target,
      rel: resolve(link.target, from),
      render: (a, name) => {
        const image = a.mediaType.startsWith('image/');
        // `|300` on an image is Obsidian's width, not a caption.
        const text =
          alias && !/^\d+(x\d+)?$/.test(alias) ? alias : image ? name.replace(/\.[^.]+$/, '') : name;
        return `${link.embed && image ? '!' : ''}[${text.replace(/([[\]\\])/g, '\\$1')}](${refTarget(a.id, name)})`;
      },
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Checks (attach = null: preview) or imports (run) the files every candidate references, rewriting their
 * bodies in place; a missing target becomes a warning on its note. Returns how many files were found.
 */
export async function importAttachments(
  candidates: Candidate[],
  assets: SourceAssets,
  attach: AttachFile | null,
): Promise<number> {
  const resolve = resolver(assets);
  const done = new Map<string, Attachment | null>();
  let found = 0;
  for (const c of candidates) {
    const refs = references(c.body, c.path, resolve);
    if (refs.length === 0) continue;
    let out = '';
    let at = 0;
    for (const r of refs) {
      if (r.start < at) continue; // overlapping syntaxes: the first one wins
      const there = r.rel !== null && (await assets.has(r.rel));
      if (!r.rel || !there) {
        c.warnings.push(`attachment not found: ${r.target}`);
        continue;
      }
      found++;
      const name = safeFileName(decodeName(r.rel.split('/').pop()!));
      if (!attach) continue;
      let att = done.get(r.rel);
      if (att === undefined) {
        const source = await assets.read(r.rel);
        if (!source) {
          c.warnings.push(`attachment ${r.target} could not be read`);
          done.set(r.rel, null);
          continue;
        }
        att = await attach(source, name).catch((err: Error) => {
          c.warnings.push(`attachment ${r.target} not imported: ${err.message}`);
          return null;
        });
        done.set(r.rel, att);
      }
      if (!att) continue;
      out += c.body.slice(at, r.start) + r.render(att, name);
      at = r.end;
    }
    if (attach && at > 0) c.body = out + c.body.slice(at);
  }
  return found;
}
