import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { OWNED_KEYS } from './front-matter.js';

// vault → Dossier → export leaves every property equal, compared as parsed YAML (issue 13).

let dir: string;
let app: OpenedApp;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-props-'));
  app = await openApp(path.join(dir, 'data'), 'browser', { index: false });
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

/** The YAML between the front-matter fences of a file. */
const frontMatter = (text: string) => /^---\n([\s\S]*?)^---$/m.exec(text)![1]!;

async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true })) {
    const full = path.join(root, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

const key = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.constantFrom(
      'Teilnehmer',
      '참가자',
      'تاريخ',
      'שותף',
      'Katılımcılar',
      'due date',
      'aliases',
      'date',
      '123',
      'true',
    ),
  )
  .filter((k) => k.trim() !== '' && k !== '__proto__' && k !== '<<' && !OWNED_KEYS.has(k));

const date = fc
  .date({ min: new Date('1950-01-01'), max: new Date('2090-12-31'), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom(d.toISOString().slice(0, 10), d.toISOString().replace('.000Z', 'Z'), d.toISOString()),
  );

const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    'yes',
    'no',
    'null',
    '~',
    '0x1F',
    '1e3',
    '.5',
    '#tag',
    '[not a list]',
    'a: b',
    '- x',
    "it's",
    '"q"',
    '{{date}}',
  ),
  fc.integer(),
  // -0 becomes 0 in the JSON store; NaN and ±Infinity are kept as text and said so in the import report.
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
  date,
);

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));
const props = fc.dictionary(key, value, { minKeys: 1, maxKeys: 8 });

describe('properties round trip', () => {
  it('keeps every front-matter property with its YAML type through import and export (fast-check)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(props, { minLength: 1, maxLength: 4 }), async (all) => {
        run += 1;
        const vault = path.join(dir, `vault${run}`);
        const sources = new Map<string, string>();
        for (const [i, p] of all.entries()) {
          // Written as an Obsidian user's file: YAML as js-yaml writes it, body after it.
          const text = `---\n${yaml.dump(p, { schema: yaml.CORE_SCHEMA })}---\nBody ${i} of run ${run}.\n`;
          const rel = `Topic ${run}/Sub/Note ${i}.md`;
          await mkdir(path.dirname(path.join(vault, rel)), { recursive: true });
          await writeFile(path.join(vault, rel), text);
          sources.set(rel, text);
        }
        const report = await app.core.runImport(vault);
        expect(report.added).toBe(all.length);
        const out = path.join(dir, `out${run}`);
        await app.core.exportMarkdown(
          {
            kind: 'topic',
            id: Object.values(app.core.store.get().topics).find((t) => t.name === `Topic ${run}`)!.id,
          },
          out,
        );
        const files = await walk(out);
        expect(files.length).toBe(all.length);
        for (const [rel, text] of sources) {
          // The same place in the exported tree (topic folder, then the note's folder).
          const exported = await readFile(path.join(out, rel), 'utf8');
          for (const schema of [yaml.CORE_SCHEMA, yaml.DEFAULT_SCHEMA]) {
            const before = yaml.load(frontMatter(text), { schema }) as Record<string, unknown>;
            const after = yaml.load(frontMatter(exported), { schema }) as Record<string, unknown>;
            for (const k of Object.keys(before)) expect(after[k]).toEqual(before[k]);
          }
        }
      }),
      { numRuns: 30 },
    );
  }, 180_000);

  it('keeps a property named like a key Dossier owns (marking, releasable_to…) through export and import', async () => {
    // Stores from before markings (schema 3) could hold a property literally named `marking`.
    const topic = await app.core.createTopic({ name: 'Seeker', partners: ['KAIST'] });
    const note = await app.core.createNote({
      topicId: topic.id,
      title: 'Old note',
      body: 'From an older Dossier.',
    });
    await app.core.setNoteMarking(note.id, { marking: 'PARTNER CONFIDENTIAL', releasableTo: ['KAIST'] });
    const old = {
      marking: 'draft',
      releasable_to: ['team'],
      pinned: 'by Kim',
      'dossier.property.x': 1,
      status: 'open',
    };
    const data = app.core.store.get();
    await app.core.store.commit({
      ...data,
      notes: data.notes.set(note.id, { ...data.notes.get(note.id)!, properties: old }),
    });
    const out = path.join(dir, 'out-owned');
    await app.core.exportMarkdown({ kind: 'all' }, out, { allowMarking: 'PARTNER CONFIDENTIAL' });
    const [file] = await walk(out);
    const fm = yaml.load(frontMatter(await readFile(file!, 'utf8')), { schema: yaml.CORE_SCHEMA }) as Record<
      string,
      unknown
    >;
    // The note's own marking keeps its keys; the properties stand beside it under their own names.
    expect(fm).toMatchObject({ marking: 'PARTNER CONFIDENTIAL', releasable_to: ['KAIST'], status: 'open' });

    const other = await openApp(path.join(dir, 'data-2'), 'browser', { index: false });
    try {
      expect((await other.core.runImport(out)).added).toBe(1);
      const back = other.core.store.get().notes.toArray()[0]!;
      expect(back.properties).toEqual(old);
      expect(back.marking).toBe('PARTNER CONFIDENTIAL');
      expect(back.releasableTo).toEqual(['KAIST']);
      expect(back.pinned).toBeFalsy();
      expect(back.body).toBe('From an older Dossier.');
    } finally {
      await other.close();
    }
  });
});
