import { parseNoteFile, stripBanners } from '../export/front-matter.js';
import { parseTag } from '../tags/normalize.js';
import { FENCED_CODE, inlineTags } from './inline-tags.js';
import type { SourceFile } from './sources.js';

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
  warnings: string[];
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

function firstHeading(body: string): string | null {
  const withoutCode = body.replace(FENCED_CODE, '');
  const m = /^#[ \t]+(.+?)[ \t#]*$/m.exec(withoutCode);
  return m ? m[1]!.trim() : null;
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
  const sources = [...rawTags(data.tags), ...rawTags(data.tag), ...(ownExport ? [] : inlineTags(body))];
  for (const raw of sources) {
    if (!raw.replace(/^#+/, '').trim()) continue;
    const parsed = parseTag(raw);
    if (parsed.ok) tags.add(parsed.tag);
    else warnings.push(`tag "${raw}" left out: ${parsed.reason}`);
  }
  const folders = file.path.split('/').slice(0, -1);
  const folder = folders.at(-1) ?? null;
  const topicName =
    str(data.topic)?.trim() || (folder && folder.toLowerCase() !== INBOX_FOLDER ? folder : null);
  const title = str(data.title) ?? firstHeading(body) ?? stem(file.path);
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
    warnings,
  };
}
