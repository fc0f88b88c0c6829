import { newId } from '../../domain/new-id.js';
import type { Note, StoreData, Topic } from '../../domain/model.js';
import { normalizePartners } from '../topics/topics.js';
import type { Candidate } from './parse.js';
import { schemeOf } from '../markings/resolve.js';
import type { MarkingScheme } from '../../domain/marking-scheme.js';
import type { ImportFileReport, ImportReport, Skipped } from '../../domain/records.js';
import { sameValue } from '../../domain/property-value.js';
import { noteOf, notesOf, withNotes } from '../../domain/note-access.js';

export type { ImportReport };

const MAX_BODY = 5_000_000;

function sameNote(n: Note, c: Candidate, topicName: string | null): boolean {
  return (
    n.title === c.title &&
    n.body === c.body &&
    n.tags.join('\n') === c.tags.join('\n') &&
    n.pinned === c.pinned &&
    n.createdAt === c.createdAt &&
    n.updatedAt === c.updatedAt &&
    topicName === c.topicName &&
    (n.folder ?? '') === c.folder &&
    sameValue(n.properties ?? {}, c.properties)
  );
}

const titleKey = (topic: string | null, title: string) =>
  `${(topic ?? '').toLocaleLowerCase()}\u0000${title}`;

/**
 * An export writes each note's effective marking; only what differs from what the note would inherit
 * here (from its topic, else the scheme) becomes the note's own override, so a round trip is exact.
 */
function importedMarking(
  c: Candidate,
  topic: Topic | undefined,
  scheme: MarkingScheme,
): Pick<Note, 'marking' | 'releasableTo'> {
  if (!c.marking) return {};
  const out: Pick<Note, 'marking' | 'releasableTo'> = {};
  if (c.marking !== (topic?.marking ?? scheme.defaultLevel)) out.marking = c.marking;
  const rel = c.releasableTo ?? [];
  if (rel.join('\n') !== (topic?.releasableTo ?? []).join('\n')) out.releasableTo = rel;
  return out;
}

/**
 * Matches candidates against the store and returns the new state (notes and topics added in one step)
 * with the report. Nothing existing is changed: a note whose id exists is either identical (unchanged)
 * or reported; a note with the same topic, title and body as another is a duplicate.
 */
export function planImport(
  data: StoreData,
  candidates: Candidate[],
  skipped: Skipped[],
  ignored: number,
  source: string,
  now: string,
): { data: StoreData; report: ImportReport } {
  const report: ImportReport = {
    source,
    added: 0,
    newTopics: [],
    unchanged: 0,
    skipped: [...skipped],
    duplicates: [],
    warnings: [],
    ignored,
    files: skipped.map((s) => ({
      path: s.path,
      outcome: 'skipped',
      converted: [],
      keptAsText: [],
      dropped: [s.reason],
    })),
  };
  const scheme = schemeOf(data);
  const topicsByName = new Map<string, Topic>();
  for (const t of Object.values(data.topics))
    if (!t.deletedAt) topicsByName.set(t.name.toLocaleLowerCase(), t);
  const topicName = (n: Note) => (n.topicId ? (data.topics[n.topicId]?.name ?? null) : null);
  // Notes by topic and title; a body is read only where a candidate matches both. Keying on the body
  // itself read every body of the notebook (a third of a second at 50,000 notes, with the core held).
  const seen = new Map<string, { readonly body: string }[]>();
  const remember = (key: string, note: { readonly body: string }) => {
    const same = seen.get(key);
    if (same) same.push(note);
    else seen.set(key, [note]);
  };
  const titles = new Set(candidates.map((c) => c.title));
  for (const n of notesOf(data))
    if (!n.deletedAt && titles.has(n.title)) remember(titleKey(topicName(n), n.title), n);
  const ids = new Set<string>();
  const notes: Record<string, Note> = {};
  const labels = { ...(data.settings.tagLabels ?? {}) };
  let newLabels = 0;
  const topics: Record<string, Topic> = {};

  for (const c of candidates) {
    for (const message of c.warnings) report.warnings.push({ path: c.path, message });
    const file: ImportFileReport = {
      path: c.path,
      outcome: 'duplicate',
      converted: c.converted,
      keptAsText: c.keptAsText,
      dropped: c.dropped,
    };
    report.files.push(file);
    if (c.body.length > MAX_BODY) {
      report.skipped.push({ path: c.path, reason: 'the note is longer than 5 million characters' });
      file.outcome = 'skipped';
      file.dropped = [...file.dropped, 'the note is longer than 5 million characters'];
      continue;
    }
    const existing = c.id ? noteOf(data, c.id) : undefined;
    if (existing) {
      if (sameNote(existing, c, topicName(existing))) {
        report.unchanged += 1;
        file.outcome = 'unchanged';
      } else
        report.duplicates.push({
          path: c.path,
          reason: existing.deletedAt
            ? 'a note with this id is in the trash; restore it instead'
            : `a different version of “${existing.title || 'Untitled'}” is already in Dossier; kept that one`,
        });
      continue;
    }
    if (c.id && ids.has(c.id)) {
      report.duplicates.push({ path: c.path, reason: 'another file in this import has the same id' });
      continue;
    }
    const key = titleKey(c.topicName, c.title);
    if (seen.get(key)?.some((n) => n.body === c.body)) {
      report.duplicates.push({
        path: c.path,
        reason: `the same note (“${c.title || 'Untitled'}”) is already in Dossier or in this import`,
      });
      continue;
    }
    remember(key, c);
    let topicId: string | null = null;
    let topicOfNote: Topic | undefined;
    if (c.topicName) {
      let topic = topicsByName.get(c.topicName.toLocaleLowerCase());
      if (!topic) {
        topic = {
          id: newId(),
          name: c.topicName,
          description: '',
          partners: normalizePartners(c.partners),
          status: 'active',
          createdAt: now,
          updatedAt: now,
        };
        topicsByName.set(c.topicName.toLocaleLowerCase(), topic);
        topics[topic.id] = topic;
        report.newTopics.push(topic.name);
      }
      topicId = topic.id;
      topicOfNote = topic;
    }
    const id = c.id ?? newId();
    ids.add(id);
    const note: Note = {
      id,
      topicId,
      title: c.title,
      body: c.body,
      tags: c.tags,
      pinned: c.pinned,
      ...importedMarking(c, topicOfNote, scheme),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
    if (Object.keys(c.properties).length) note.properties = c.properties;
    if (c.folder) note.folder = c.folder;
    notes[id] = note;
    // The case its tags were written in (for display), where Dossier has none yet for that tag.
    for (const [tag, label] of Object.entries(c.tagLabels))
      if (!Object.hasOwn(labels, tag)) {
        labels[tag] = label;
        newLabels += 1;
      }
    file.outcome = 'added';
    report.added += 1;
  }
  if (report.added === 0) return { data, report };
  const settings = newLabels ? { ...data.settings, tagLabels: labels } : data.settings;
  return {
    data: { ...withNotes(data, Object.values(notes)), settings, topics: { ...data.topics, ...topics } },
    report,
  };
}
