import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Note } from '../../domain/model.js';
import { NameTable, namesOf } from './names.js';

const TITLES = [
  'Radome',
  'radome',
  'Trial log',
  'A title that is longer than eighty characters, '.repeat(2),
  'a:b',
];

function note(id: string, title: string, aliases: string[]): Note {
  return {
    id,
    topicId: null,
    title,
    body: '',
    tags: [],
    pinned: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...(aliases.length ? { properties: { aliases } } : {}),
  };
}

/** What lookup must answer, from the live notes alone: titles first, else aliases, else file names. */
function reference(live: Iterable<Note>, key: string): string[] {
  const tiers = { title: [] as string[], alias: [] as string[], file: [] as string[] };
  for (const n of live)
    for (const name of namesOf(n))
      if (name.key === key && !tiers[name.tier].includes(n.id)) tiers[name.tier].push(n.id);
  const tier = tiers.title.length ? tiers.title : tiers.alias.length ? tiers.alias : tiers.file;
  return tier.sort();
}

describe('name table', () => {
  it('answers like a fresh look at the live notes after any adds and removes', () => {
    const op = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd'),
      title: fc.constantFrom(...TITLES),
      aliases: fc.subarray(['radome', 'RM', 'Trial log']),
      remove: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const table = new NameTable();
        const live = new Map<string, Note>();
        for (const o of ops) {
          const old = live.get(o.id);
          if (old) table.remove(old);
          live.delete(o.id);
          if (o.remove) continue;
          const n = note(o.id, o.title, o.aliases);
          table.add(n);
          live.set(o.id, n);
        }
        const keys = new Set(
          [...TITLES, 'rm', 'trial log'].flatMap((t) => namesOf(note('x', t, [])).map((k) => k.key)),
        );
        for (const key of keys) expect(table.lookup(key)).toEqual(reference(live.values(), key));
      }),
      { numRuns: 300 },
    );
  });
});
