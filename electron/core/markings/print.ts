import type { StoreData } from '../../domain/model.js';
import type { ExportScope } from '../../domain/views.js';
import { displayTitle } from '../notes/notes.js';
import { bannerText, highestOf, markingOfNote, schemeOf } from './resolve.js';
import type { ReleaseCheck } from './release.js';
import type { Note } from '../../domain/model.js';
import { noteOf } from '../../domain/note-access.js';

/** One note as the print view shows it. */
export type PrintNote = {
  id: string;
  title: string;
  body: string;
  topic: string | null;
  created: string;
  updated: string;
  banner: string;
  colour: string;
};

/** What the print view renders: every page carries `banner` (the highest marking inside) top and bottom. */
export type PrintDocument = {
  title: string;
  banner: string;
  colour: string;
  highest: string | null;
  partner: string | null;
  withheld: number;
  notes: PrintNote[];
};

/** A readable name for an export's scope, for the print title and the export log. */
export function describeScope(data: StoreData, scope: ExportScope): string {
  switch (scope.kind) {
    case 'note': {
      const n = noteOf(data, scope.id);
      return `note "${n ? displayTitle(n) : scope.id}"`;
    }
    case 'topic':
      return `topic "${data.topics[scope.id]?.name ?? scope.id}"`;
    case 'query':
      return scope.filter.text?.trim() ? `search "${scope.filter.text.trim()}"` : 'current results';
    default:
      return 'all notes';
  }
}

/** Builds the print document from notes that already passed the export guard. */
export function printDocument(
  data: StoreData,
  scope: ExportScope,
  notes: readonly Note[],
  check: ReleaseCheck,
): PrintDocument {
  const scheme = schemeOf(data);
  const marks = notes.map((n) => markingOfNote(data, n, scheme));
  const top = highestOf(marks);
  // Exported for a partner, everything inside is releasable to it; else what all notes share.
  const shared = check.partner
    ? [check.partner]
    : marks.length
      ? marks[0]!.releasableTo.filter((p) => marks.every((m) => m.releasableTo.includes(p)))
      : [];
  const title =
    scope.kind === 'topic'
      ? `${data.topics[scope.id]?.name ?? 'Topic'} — brief`
      : scope.kind === 'note' && notes[0]
        ? displayTitle(notes[0])
        : describeScope(data, scope);
  return {
    title,
    banner: top ? bannerText({ level: top.level, releasableTo: shared }) : 'NO NOTES',
    colour: top?.colour ?? '#555555',
    highest: top?.level ?? null,
    partner: check.partner,
    withheld: check.withheld.length,
    notes: notes.map((n, i) => ({
      id: n.id,
      title: displayTitle(n),
      body: n.body,
      topic: n.topicId ? (data.topics[n.topicId]?.name ?? null) : null,
      created: n.createdAt,
      updated: n.updatedAt,
      banner: bannerText(marks[i]!),
      colour: marks[i]!.colour,
    })),
  };
}
