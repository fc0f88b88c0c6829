import { parseNoteFile, stripBanners } from '../export/front-matter.js';
import { parseTag, tagLabel } from '../tags/normalize.js';
import { FENCED_CODE, inlineTags } from './inline-tags.js';
import type { SourceFile } from './sources.js';
import { propertiesOf } from '../properties/front-matter.js';
import type { PropertyMap } from '../../domain/property-value.js';
import { parseLinks } from '../links/parse.js';
import { safeStem } from '../export/file-names.js';

/** A note read from a markdown file, before it is matched against the store. */
export type Candidate = {
  path: string;
  id: string | null;
  title: string;
  body: string;
  tags: string[];
  topicName: string | null;
  partners: string[];
  createdAt: string;
  updatedAt: string;
  pinned: boolean;
  /** marking and releasability from a Dossier export's front matter */
  marking?: string;
  releasableTo?: string[];
  /** front-matter keys Dossier does not own, as YAML typed them */
  properties: PropertyMap;
  /** folders between the topic folder and the file ('' for none) */
  folder: string;
  warnings: string[];
  /** tag → the case it was written in, where that is not all lowercase (kept for display) */
  tagLabels: Record<string, string>;
  /** per file, for the import report: what was read into Dossier's fields, kept as written, or left out */
  converted: string[];
  keptAsText: string[];
  dropped: string[];
};

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const INBOX_FOLDER = 'inbox';

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** tags as a YAML list, or one string separated by commas or spaces (Obsidian and Joplin both occur). */
function rawTags(v: unknown): string[] {
  if (Array.isArray(v))
    return v
      .map(str)
      .filter((t): t is string => t !== null)
      .flatMap((t) => t.split(/[,\s]+/));
  const s = str(v);
  return s ? s.split(/[,\s]+/) : [];
}

/** An ISO instant from a front matter date; values already in ISO form are kept exactly. */
function isoDate(v: unknown): string | null {
  const s = str(v)?.trim();
  if (!s) return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  const iso = new Date(t).toISOString();
  return iso === s ? s : iso;
}

function stem(filePath: string): string {
  const base = filePath.split('/').pop() ?? filePath;
  return base.replace(/\.(md|markdown)$/i, '');
}

/**
 * Reads one file. Dossier's own export (front matter with `id` and `tags`) is taken as it is, so a
 * re-import is lossless; other files also get the inline `#tags` of their text, a title from the first
 * heading or the file name, and a topic from their folder.
 */
export function parseCandidate(file: SourceFile, now: string): Candidate {
  const { data, body: raw } = parseNoteFile(file.text);
  const marking = str(data.marking)?.trim().toUpperCase().slice(0, 60) || null;
  const releasableTo = Array.isArray(data.releasable_to)
    ? data.releasable_to
        .map(str)
        .filter((p): p is string => Boolean(p?.trim()))
        .map((p) => p.trim().slice(0, 200))
    : [];
  // The banner lines an export put around the text are not part of the note.
  const body = marking ? stripBanners(raw, { level: marking, releasableTo }) : raw;
  const warnings: string[] = [];
  const id = str(data.id);
  const ownExport = id !== null && ID.test(id) && 'tags' in data;
  const tags = new Set<string>();
  const tagLabels: Record<string, string> = {};
  const sources = [...rawTags(data.tags), ...rawTags(data.tag), ...(ownExport ? [] : inlineTags(body))];
  for (const raw of sources) {
    if (!raw.replace(/^#+/, '').trim()) continue;
    const parsed = parseTag(raw);
    if (parsed.ok) {
      tags.add(parsed.tag);
      const label = tagLabel(raw, parsed.tag);
      if (label && !tagLabels[parsed.tag]) tagLabels[parsed.tag] = label;
    } else warnings.push(`tag "${raw}" left out: ${parsed.reason}`);
  }
  // The top folder is the topic; deeper folders are kept as the note's folder (docs/markdown-format.md).
  const folders = file.path.split('/').slice(0, -1);
  const top = folders[0] ?? null;
  const topicName = str(data.topic)?.trim() || (top && top.toLowerCase() !== INBOX_FOLDER ? top : null);
  const folder = folders
    .slice(1)
    .map((f) => safeStem(f.normalize('NFC'), '_'))
    .join('/');
  // Without a title key the file name is the title, as in Obsidian, so [[links]] by file name resolve.
  const title = str(data.title) ?? stem(file.path);
  const { properties, notes: propNotes } = propertiesOf(data);
  const converted: string[] = [];
  const keys = Object.keys(properties);
  if (keys.length) converted.push(`properties: ${keys.join(', ')}`);
  if (tags.size) converted.push(`tags: ${[...tags].sort().join(', ')}`);
  if (folder) converted.push(`folder ${folder} below topic ${topicName ?? 'Inbox'}`);
  const links = parseLinks(body);
  const wiki = links.filter((l) => !l.isFile && !l.embed).length;
  if (wiki) converted.push(`${wiki} link${wiki === 1 ? '' : 's'} to notes`);
  const keptAsText = [
    ...propNotes.keptAsText,
    ...markdownKeptAsText(body, links.filter((l) => l.embed || l.isFile).length),
  ];
  const dropped = [...propNotes.dropped, ...warnings.filter((w) => w.startsWith('tag '))];
  const fileTime = file.mtimeMs !== null ? new Date(file.mtimeMs).toISOString() : now;
  const createdAt = isoDate(data.created) ?? isoDate(data.date) ?? isoDate(data.created_at) ?? fileTime;
  const updatedAt = isoDate(data.updated) ?? isoDate(data.modified) ?? isoDate(data.updated_at) ?? createdAt;
  const partners = Array.isArray(data.partners)
    ? data.partners.map(str).filter((p): p is string => Boolean(p?.trim()))
    : [];
  if (id !== null && !ID.test(id))
    warnings.push(`id "${id.slice(0, 40)}" is not a Dossier id; a new one is given`);
  return {
    path: file.path,
    id: id !== null && ID.test(id) ? id : null,
    title: title.normalize('NFC').trim().slice(0, 500),
    body,
    tags: [...tags].sort(),
    topicName: topicName ? topicName.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, 200) : null,
    partners,
    createdAt,
    updatedAt,
    pinned: data.pinned === true,
    ...(marking ? { marking, releasableTo } : {}),
    properties,
    folder,
    warnings,
    tagLabels,
    converted,
    keptAsText,
    dropped,
  };
}

/** Obsidian syntax that stays in the body as written (the preview renders it), counted for the report. */
function markdownKeptAsText(body: string, embeds: number): string[] {
  const text = body.replace(FENCED_CODE, '');
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const out: string[] = [];
  const say = (n: number, what: string) => n && out.push(`${n} ${what}${n === 1 ? '' : 's'}`);
  say(embeds, 'embed');
  say(count(/^>\s*\[![\w-]+\]/gm), 'callout');
  say(count(/==[^=\n]+==/g), 'highlight');
  say(count(/(?:^|\s)\^[A-Za-z0-9-]+$/gm), 'block id');
  say(count(/\$\$[\s\S]+?\$\$|\$[^$\n]+\$/g), 'math formula');
  say(count(/\[\^[^\]]+\](?!:)/g), 'footnote');
  say(count(/%%[\s\S]*?%%/g), 'comment');
  return out;
}
