import { newId } from '../../domain/new-id.js';
import type { Note, StoreData } from '../../domain/model.js';
import type { TemplateList } from '../links/types.js';
import { DossierError } from '../../domain/errors.js';
import { createNote, requireNote } from '../notes/notes.js';
import { requireTopic } from '../topics/topics.js';
import { normalizeTags } from '../tags/normalize.js';
import { refOf } from '../links/queries.js';
import {
  instantiate,
  listTemplates,
  SHIPPED_TEMPLATES,
  templatesTopic,
  TEMPLATES_TOPIC,
} from './templates.js';
import { withNote } from '../../domain/note-access.js';

/** The templates and each topic's default. */
export function templateList(data: StoreData): TemplateList {
  return {
    topicId: templatesTopic(data)?.id ?? null,
    templates: listTemplates(data).map(refOf),
    defaults: { ...(data.settings.defaultTemplates ?? {}) },
  };
}

/** Adds the shipped templates missing from the Templates topic (created when there is none). */
export function installTemplates(
  data: StoreData,
  now: string,
): { data: StoreData; added: number; topicId: string } {
  let topic = templatesTopic(data);
  let out = data;
  if (!topic) {
    topic = {
      id: newId(),
      name: TEMPLATES_TOPIC,
      description:
        'Templates for new notes: {{date}}, {{time}}, {{topic}}, {{title}}, {{partners}}; {{cursor}} marks where typing starts.',
      partners: [],
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    out = { ...out, topics: { ...out.topics, [topic.id]: topic } };
  }
  const have = new Set(listTemplates(out).map((n) => n.title.toLowerCase()));
  let added = 0;
  for (const t of SHIPPED_TEMPLATES) {
    if (have.has(t.title.toLowerCase())) continue;
    const r = createNote(out, { topicId: topic.id, title: t.title, body: t.body, tags: t.tags }, now);
    const note: Note = { ...r.note, properties: t.properties };
    out = withNote(r.data, note);
    added += 1;
  }
  return { data: out, added, topicId: topic.id };
}

function requireTemplate(data: StoreData, id: string): Note {
  const note = requireNote(data, id);
  if (note.topicId === null || note.topicId !== templatesTopic(data)?.id)
    throw new DossierError(
      'BAD_INPUT',
      'That note is not a template (templates are the notes in the Templates topic).',
    );
  return note;
}

/** Sets or clears a topic's default template. */
export function setDefaultTemplate(data: StoreData, topicId: string, templateId: string | null): StoreData {
  requireTopic(data, topicId);
  const defaults = { ...(data.settings.defaultTemplates ?? {}) };
  if (templateId === null) delete defaults[topicId];
  else {
    requireTemplate(data, templateId);
    defaults[topicId] = templateId;
  }
  return { ...data, settings: { ...data.settings, defaultTemplates: defaults } };
}

/** A new note from a template (or the topic's default one), with the offset where the cursor goes. */
export function newNoteFromTemplate(
  data: StoreData,
  input: { templateId?: string | undefined; topicId?: string | null | undefined; title?: string | undefined },
  clock: Date,
  now: string,
): { data: StoreData; note: Note; cursor: number } {
  const topicId = input.topicId ?? null;
  const topic = topicId ? requireTopic(data, topicId) : undefined;
  const templateId = input.templateId ?? (topicId ? data.settings.defaultTemplates?.[topicId] : undefined);
  if (!templateId)
    throw new DossierError('BAD_INPUT', 'Choose a template: this topic has no default template.');
  const template = requireTemplate(data, templateId);
  const t = instantiate(template, { now: clock, topic, title: input.title });
  const r = createNote(data, { topicId, title: t.title, body: t.body, tags: normalizeTags(t.tags) }, now);
  const note: Note = Object.keys(t.properties).length ? { ...r.note, properties: t.properties } : r.note;
  return { data: withNote(r.data, note), note, cursor: t.cursor };
}
