import type { Note, StoreData, Topic } from '../../domain/model.js';
import { DEFAULT_SCHEME, rankOf, type MarkingScheme } from '../../domain/marking-scheme.js';

/** A note's marking as it applies: its own override, else its topic's default, else the scheme's default. */
export type EffectiveMarking = {
  level: string;
  /** position in the scheme (higher = more sensitive) */
  rank: number;
  colour: string;
  releasableTo: string[];
  /** where the level came from */
  source: 'note' | 'topic' | 'scheme';
};

/** The notebook's scheme (the default one until the user saves their own). */
export function schemeOf(data: StoreData): MarkingScheme {
  return data.settings.markingScheme ?? DEFAULT_SCHEME;
}

/** Resolves note → topic → scheme default, for marking and releasability independently. */
export function effectiveMarking(
  scheme: MarkingScheme,
  note: Note,
  topic: Topic | undefined,
): EffectiveMarking {
  const fromTopic = topic?.marking;
  const level = (note.marking ?? fromTopic ?? scheme.defaultLevel).toUpperCase();
  const rank = rankOf(scheme, level);
  return {
    level,
    rank,
    // An unknown level (the scheme was replaced) is shown in the highest level's colour.
    colour: (scheme.levels[rank] ?? scheme.levels.at(-1)!).colour,
    releasableTo: note.releasableTo ?? topic?.releasableTo ?? [],
    source: note.marking ? 'note' : fromTopic ? 'topic' : 'scheme',
  };
}

/** Effective marking of a note looked up in the store. */
export function markingOfNote(data: StoreData, note: Note, scheme = schemeOf(data)): EffectiveMarking {
  return effectiveMarking(scheme, note, note.topicId ? data.topics[note.topicId] : undefined);
}

/** The one-line banner: `PARTNER CONFIDENTIAL // REL TO KAIST, Fraunhofer FHR`. */
export function bannerText(m: Pick<EffectiveMarking, 'level' | 'releasableTo'>): string {
  return m.releasableTo.length ? `${m.level} // REL TO ${m.releasableTo.join(', ')}` : m.level;
}

/** The highest of several markings (a brief carries the highest of what it contains); null for none. */
export function highestOf(markings: readonly EffectiveMarking[]): EffectiveMarking | null {
  let top: EffectiveMarking | null = null;
  for (const m of markings) if (!top || m.rank > top.rank) top = m;
  return top;
}
