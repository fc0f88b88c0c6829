import { describe, expect, it } from 'vitest';
import { ChunkedMap } from '../../domain/chunked-map.js';
import fc from 'fast-check';
import type { Note } from '../../domain/model.js';
import { SortedOrders, sortNotes, type OrderKey } from './sorted-orders.js';

const note = (id: string, title: string, pinned: boolean, day: number, hour: number): Note => ({
  id,
  topicId: null,
  title,
  body: '',
  tags: [],
  pinned,
  createdAt: `2025-01-${String(day).padStart(2, '0')}T00:00:00.000Z`,
  updatedAt: `2025-02-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`,
});

// Few distinct titles and dates, so ties (broken by id) are common.
const fields = fc.record({
  title: fc.constantFrom('Radome', 'radome', 'Trial log', 'MoU', 'b10', 'b9'),
  pinned: fc.boolean(),
  day: fc.integer({ min: 1, max: 3 }),
  hour: fc.integer({ min: 0, max: 2 }),
});
const edit = fc.tuple(fc.constantFrom('add', 'edit', 'delete', 'same'), fc.nat(40), fields);
const key = fc.constantFrom<OrderKey>('updated', 'created', 'title');

describe('SortedOrders', () => {
  it('derives each new state’s order from the last one (by the core’s hint or a diff), equal to sorting it afresh', () => {
    fc.assert(
      fc.property(
        fc.array(fields, { maxLength: 30 }),
        fc.array(fc.tuple(fc.array(edit, { maxLength: 4 }), key, fc.boolean()), { maxLength: 25 }),
        (initial, steps) => {
          const orders = new SortedOrders();
          let state = ChunkedMap.empty<Note>();
          initial.forEach(
            (f, i) => (state = state.set(`n${i}`, note(`n${i}`, f.title, f.pinned, f.day, f.hour))),
          );
          orders.get(state, 'updated');
          orders.get(state, 'title');
          steps.forEach(([edits, k, hint], step) => {
            const record = state.toRecord();
            const edit = state.edit();
            const changed: string[] = []; // as the core names them (here with repeats)
            for (const [kind, at, f] of edits) {
              const ids = Object.keys(record);
              const id = kind === 'add' || ids.length === 0 ? `a${step}-${at}` : ids[at % ids.length]!;
              changed.push(id);
              if (kind === 'delete') {
                delete record[id];
                edit.delete(id);
              } else if (kind !== 'same')
                edit.set(id, (record[id] = note(id, f.title, f.pinned, f.day, f.hour)));
            }
            const next = edit.done();
            if (edits.some(([kind]) => kind !== 'same')) {
              if (hint) orders.sync(state, next, changed);
              state = next;
            }
            const got = orders.get(state, k);
            expect(got.map((n) => n.id)).toEqual(sortNotes(state, k).map((n) => n.id));
            expect(sortNotes(state, k)).toEqual(sortNotes(ChunkedMap.fromRecord(state.toRecord()), k));
            // Asked again for the same state: the same list.
            expect(orders.get(state, k)).toBe(got);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merges many notes at once (an import) into the order a fresh sort gives, and prepares the same list', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fields, { maxLength: 60 }),
        fc.array(fields, { minLength: 17, maxLength: 80 }),
        fc.nat(10),
        key,
        fc.boolean(),
        async (initial, added, removed, k, hint) => {
          const orders = new SortedOrders();
          const state = ChunkedMap.from(
            initial.map((f, i): [string, Note] => [`n${i}`, note(`n${i}`, f.title, f.pinned, f.day, f.hour)]),
          );
          await orders.prepare(state, k);
          expect(orders.get(state, k).map((n) => n.id)).toEqual(sortNotes(state, k).map((n) => n.id));
          const e = state.edit();
          const changed: string[] = [];
          added.forEach((f, i) => {
            e.set(`m${i}`, note(`m${i}`, f.title, f.pinned, f.day, f.hour));
            changed.push(`m${i}`);
          });
          for (const id of [...state.keys()].slice(0, removed)) {
            e.delete(id);
            changed.push(id);
          }
          const next = e.done();
          if (hint) orders.sync(state, next, changed);
          expect(orders.get(next, k).map((n) => n.id)).toEqual(sortNotes(next, k).map((n) => n.id));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('leaves the previous state’s list as it was (a query may still be reading it)', () => {
    const orders = new SortedOrders();
    const a = ChunkedMap.fromRecord({ x: note('x', 'X', false, 1, 0), y: note('y', 'Y', false, 2, 0) });
    const before = orders.get(a, 'updated');
    const b = a.set('z', note('z', 'Z', false, 3, 0));
    expect(orders.get(b, 'updated').map((n) => n.id)).toEqual(['z', 'y', 'x']);
    expect(before.map((n) => n.id)).toEqual(['y', 'x']);
  });
});
