import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { openApp } from '../../shell/open-app.js';
import { DossierError } from '../../domain/errors.js';

// Issue 10: random sequences of edits, tag renames, merges, removes, deletes, imports and undos against a
// simple model. Only edits change a note's title and body, so whatever was typed last must be in the store
// (live or in the trash) after every step, whatever undo took back in between.

const TAGS = ['a', 'a/x', 'b', 'c', 'd/e'];

const op = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), tags: fc.subarray(TAGS) }),
  fc.record({ kind: fc.constant('edit' as const), note: fc.nat(), title: fc.boolean() }),
  fc.record({ kind: fc.constant('retag' as const), note: fc.nat(), tags: fc.subarray(TAGS) }),
  fc.record({
    kind: fc.constant('rename' as const),
    from: fc.constantFrom(...TAGS),
    to: fc.constantFrom(...TAGS, 'f', 'g/h'),
  }),
  fc.record({
    kind: fc.constant('merge' as const),
    from: fc.constantFrom(...TAGS),
    to: fc.constantFrom(...TAGS),
  }),
  fc.record({ kind: fc.constant('remove' as const), tag: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('delete' as const), note: fc.nat() }),
  fc.record({
    kind: fc.constant('import' as const),
    count: fc.integer({ min: 1, max: 3 }),
    tags: fc.subarray(TAGS),
  }),
  fc.record({ kind: fc.constant('undo' as const), confirm: fc.boolean() }),
  fc.record({ kind: fc.constant('undo' as const), confirm: fc.boolean() }),
);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dossier-undo-prop-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The model: what the user last typed into each note, and whether an import undo may remove it. */
type Typed = { title: string; body: string; imported: boolean; editedAfterImport: boolean };

describe('undo never loses text typed after the undone step (property)', () => {
  it('keeps every title and body the user typed, through any sequence of steps and undos', async () => {
    let run = 0;
    let undone = 0;
    await fc.assert(
      fc.asyncProperty(
        // A few tagged notes first, so tag steps and undos have something to work on.
        fc.array(
          fc.record({ kind: fc.constant('create' as const), tags: fc.subarray(TAGS, { minLength: 1 }) }),
          {
            minLength: 2,
            maxLength: 4,
          },
        ),
        fc.array(op, { minLength: 1, maxLength: 25 }),
        async (seed, rest) => {
          const ops = [...seed, ...rest];
          run += 1;
          const dir = path.join(root, `run-${run}`);
          const app = await openApp(path.join(dir, 'data'), 'browser', { index: false });
          const core = app.core;
          const typed = new Map<string, Typed>();
          let counter = 0;
          const live = () =>
            [...typed.keys()].filter(
              (id) => core.store.get().notes.get(id) && !core.store.get().notes.get(id)!.deletedAt,
            );
          const tagsNow = () =>
            Object.fromEntries(
              core.store
                .get()
                .notes.toArray()
                .map((n) => [n.id, `${n.tags.join(',')}|${n.deletedAt ? 'trash' : 'live'}`]),
            );
          /** tags and trash state before the last undoable step, if nothing happened after it */
          let beforeLast: Record<string, string> | null = null;
          try {
            for (const o of ops) {
              const before = tagsNow();
              let undoable = false;
              /** Runs a step; true when it left an undo step (tag steps refuse unknown tags, changing nothing). */
              const expectOk = async (p: Promise<{ undoId?: number | null } | unknown>) => {
                try {
                  const r = await p;
                  return typeof r !== 'object' || r === null || !('undoId' in r) || r.undoId !== null;
                } catch (err) {
                  if (!(err instanceof DossierError)) throw err;
                  return false;
                }
              };
              switch (o.kind) {
                case 'create': {
                  const n = await core.createNote({
                    title: `note ${++counter}`,
                    body: `body ${counter}`,
                    tags: o.tags,
                  });
                  typed.set(n.id, {
                    title: n.title,
                    body: n.body,
                    imported: false,
                    editedAfterImport: false,
                  });
                  break;
                }
                case 'edit': {
                  const ids = live();
                  if (!ids.length) break;
                  const id = ids[o.note % ids.length]!;
                  const t = typed.get(id)!;
                  const next = o.title
                    ? { title: `${t.title} +${++counter}` }
                    : { body: `${t.body}\ntyped ${++counter}` };
                  await core.updateNote({ id, ...next });
                  typed.set(id, { ...t, ...next, editedAfterImport: t.imported });
                  break;
                }
                case 'retag': {
                  const ids = live();
                  if (!ids.length) break;
                  const id = ids[o.note % ids.length]!;
                  await core.updateNote({ id, tags: o.tags });
                  break;
                }
                case 'rename':
                  undoable = await expectOk(core.renameTag(o.from, o.to));
                  break;
                case 'merge':
                  undoable = await expectOk(core.mergeTags(o.from, o.to));
                  break;
                case 'remove':
                  undoable = await expectOk(core.deleteTag(o.tag));
                  break;
                case 'delete': {
                  const ids = live();
                  if (!ids.length) break;
                  undoable = await expectOk(core.deleteNote(ids[o.note % ids.length]!));
                  break;
                }
                case 'import': {
                  const src = path.join(dir, `import-${++counter}`);
                  await mkdir(src, { recursive: true });
                  const titles: string[] = [];
                  for (let i = 0; i < o.count; i++) {
                    const title = `imported ${counter}-${i}`;
                    titles.push(title);
                    const fm = `---\ntitle: ${title}\ntags: [${o.tags.join(', ')}]\n---\n`;
                    await writeFile(path.join(src, `${i}.md`), `${fm}imported body ${counter}-${i}`);
                  }
                  undoable = await expectOk(core.runImport(src));
                  for (const n of core.store.get().notes.toArray()) {
                    if (titles.includes(n.title))
                      typed.set(n.id, {
                        title: n.title,
                        body: n.body,
                        imported: true,
                        editedAfterImport: false,
                      });
                  }
                  break;
                }
                case 'undo': {
                  if (!core.peekUndo().label) break;
                  const ok = await expectOk(core.runUndo({ confirm: o.confirm }));
                  if (ok) undone += 1;
                  if (ok && beforeLast) {
                    // Undo right after a step puts every tag and trash state back as it was.
                    expect(tagsNow()).toEqual(beforeLast);
                  }
                  break;
                }
              }
              beforeLast = undoable ? before : null;
              // The invariant: every note's typed title and body are in the store, live or in the trash,
              // unless an import undo removed an imported note nobody edited.
              for (const [id, t] of typed) {
                const n = core.store.get().notes.get(id);
                if (!n) {
                  expect(t.imported && !t.editedAfterImport).toBe(true);
                  typed.delete(id);
                  continue;
                }
                expect({ id, title: n.title, body: n.body }).toEqual({ id, title: t.title, body: t.body });
              }
            }
          } finally {
            await app.close();
            await rm(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 80 },
    );
    // The sequences did exercise undo (not just steps that were refused).
    expect(undone).toBeGreaterThan(40);
  });
});
