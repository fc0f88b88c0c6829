import yaml from 'js-yaml';
import type { Note, Topic } from '../../domain/model.js';
import { bannerText, type EffectiveMarking } from '../markings/resolve.js';
import { propertyFrontMatterKey } from '../properties/front-matter.js';

/** Front matter keys Dossier writes; Obsidian reads tags/aliases, Joplin reads title/created/updated/tags. */
export type NoteFrontMatter = {
  id: string;
  title: string;
  topic?: string;
  partners?: string[];
  tags: string[];
  created: string;
  updated: string;
  pinned?: boolean;
  marking?: string;
  releasable_to?: string[];
};

/**
 * What a note's file is written with besides the note itself: one object, so a feature that needs more
 * (markings did) adds a field instead of another positional argument.
 */
export type NoteFileContext = {
  /** the note's topic (folder, `topic:` and `partners:`), if it has one */
  topic?: Topic | undefined;
  /** tags in the case the user wrote them (StoreData.settings.tagLabels) */
  tagLabels?: Readonly<Record<string, string>>;
  /** the note's effective marking: `marking:`/`releasable_to:` keys and the banner lines */
  marking?: Pick<EffectiveMarking, 'level' | 'releasableTo'> | undefined;
};

/** The YAML front matter block for a note (dates as ISO strings, tags as a list). */
export function noteFrontMatter(
  note: Note,
  { topic, tagLabels: labels = {}, marking }: NoteFileContext = {},
): NoteFrontMatter {
  const fm: NoteFrontMatter = {
    id: note.id,
    title: note.title,
    // Tags in the case the user wrote them (they read back as the same tags).
    tags: note.tags.map((t) => (Object.hasOwn(labels, t) ? labels[t]! : t)),
    created: note.createdAt,
    updated: note.updatedAt,
  };
  if (topic) {
    fm.topic = topic.name;
    if (topic.partners.length) fm.partners = topic.partners;
  }
  if (note.pinned) fm.pinned = true;
  if (marking) {
    fm.marking = marking.level;
    fm.releasable_to = marking.releasableTo;
  }
  return fm;
}

/**
 * YAML for front matter with js-yaml (the parser gray-matter uses; measured ~5× faster than `yaml` on our
 * notes): core schema so ISO dates are plain strings, no line folding so titles stay on one line.
 */
export function dumpYaml(value: object): string {
  return yaml.dump(value, { schema: yaml.CORE_SCHEMA, lineWidth: -1, noRefs: true });
}

/** The banner line written at the top and bottom of an exported text (bold, so it survives any renderer). */
export function bannerLine(marking: Pick<EffectiveMarking, 'level' | 'releasableTo'>): string {
  return `**${bannerText(marking)}**`;
}

/**
 * A complete markdown file: `---` YAML `---` then the body exactly as stored. The note's properties follow
 * Dossier's own keys, each with the value it was imported or set with. With a marking, the banner line goes
 * above and below the body (import takes both off again, see stripBanners).
 */
export function renderNoteFile(note: Note, context: NoteFileContext = {}): string {
  const { marking } = context;
  const fm: Record<string, unknown> = { ...noteFrontMatter(note, context) };
  // A property named like an owned key goes under an escaped key, so it neither drops nor turns into the field.
  for (const [key, value] of Object.entries(note.properties ?? {})) fm[propertyFrontMatterKey(key)] = value;
  const head = `---\n${dumpYaml(fm)}---\n`;
  if (!marking) return head + note.body;
  const line = bannerLine(marking);
  return `${head}${line}\n\n${note.body}\n\n${line}\n`;
}

/** Takes off the banner lines renderNoteFile put around a body, byte for byte; other bodies are unchanged. */
export function stripBanners(
  body: string,
  marking: Pick<EffectiveMarking, 'level' | 'releasableTo'>,
): string {
  const line = bannerLine(marking);
  const top = `${line}\n\n`;
  const bottom = `\n\n${line}\n`;
  if (body.startsWith(top) && body.endsWith(bottom) && body.length >= top.length + bottom.length)
    return body.slice(top.length, body.length - bottom.length);
  return body;
}

/** An opening `---` line, YAML, and a closing `---` (or `...`) line that starts at a line start. */
const FENCE = /^---[ \t]*\r?\n((?:[\s\S]*?\r?\n)??)(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Splits a markdown file into its front matter and body. The body is everything after the closing
 * fence line, byte for byte. Files without front matter have data {}; YAML that does not parse throws
 * (the importer reports it per file). A front matter that is not a mapping counts as none.
 */
export function parseNoteFile(text: string): { data: Record<string, unknown>; body: string } {
  const match = FENCE.exec(text);
  if (!match) return { data: {}, body: text };
  // CORE schema: dates stay strings (no implicit timestamps); `json` lets a repeated key win instead of failing.
  const parsed: unknown = yaml.load(match[1] ?? '', { schema: yaml.CORE_SCHEMA, json: true });
  const data =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  return { data, body: text.slice(match[0].length) };
}
