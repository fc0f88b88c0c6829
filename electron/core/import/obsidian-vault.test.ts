import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { call } from '../../shell/dispatch.js';
import { OWNED_KEYS } from '../properties/front-matter.js';
import { parseNoteFile, stripBanners } from '../export/front-matter.js';
import { parseLinks } from '../links/parse.js';
import type { StoreData } from '../../domain/model.js';

// The Obsidian-style fixture vault (tests/fixtures/obsidian-vault): nested folders, aliases, heading
// links, block refs, embeds, properties of every YAML type — imported, exported and imported again.

const VAULT = path.join(import.meta.dirname, '../../../tests/fixtures/obsidian-vault');
let dir: string;
let app: OpenedApp;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-vault-'));
  app = await openApp(path.join(dir, 'data'), 'browser');
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function markdownFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await markdownFiles(root, r)));
    else if (e.name.endsWith('.md')) out.push(r);
  }
  return out.sort();
}

const frontMatter = (text: string) => /^---\n([\s\S]*?)^---$/m.exec(text)?.[1] ?? '';
const props = (text: string, schema: yaml.Schema) => {
  const all = (yaml.load(frontMatter(text), { schema }) ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(all).filter(([k]) => !OWNED_KEYS.has(k)));
};

/** Every note link of every live note and how it resolves, through the contract. */
async function linkStatus(
  a: OpenedApp,
): Promise<{ total: number; resolved: number; files: number; bad: string[] }> {
  const data = a.core.store.get();
  let total = 0;
  let resolved = 0;
  let files = 0;
  const bad: string[] = [];
  for (const n of Object.values(data.notes)) {
    if (n.deletedAt) continue;
    for (const l of await call(a.api, 'links.outgoing', { id: n.id })) {
      if (l.status === 'file') {
        files += 1;
        continue;
      }
      total += 1;
      if (l.status === 'resolved' && l.anchorFound !== false) resolved += 1;
      else bad.push(`${n.title}: ${l.target} (${l.status}, anchor ${String(l.anchorFound)})`);
    }
  }
  return { total, resolved, files, bad };
}

const noteAt = (data: StoreData, title: string) => Object.values(data.notes).find((n) => n.title === title)!;

describe('Obsidian-style vault round trip', () => {
  it('imports with nested folders, properties and every link resolving; exports to the same places with properties equal', async () => {
    const sources = await markdownFiles(VAULT);
    expect(sources).toHaveLength(10);
    const report = await call(app.api, 'import.run', { source: VAULT });
    expect(report).toMatchObject({ added: 10, skipped: [], duplicates: [], ignored: 1 });
    expect(report.newTopics.sort()).toEqual([
      'Literature',
      'Radar exchange 2026',
      'Seeker co-development',
      'Templates',
    ]);
    // The report says per file what was converted and what stays as written.
    const kick = report.files.find((f) => f.path === 'Seeker co-development/Kick-off meeting.md')!;
    expect(kick.outcome).toBe('added');
    expect(kick.converted).toContain(
      'properties: aliases, meeting-date, participants, partner, review-state, document-ref, cssclasses',
    );
    expect(kick.keptAsText).toEqual(['1 callout', '1 block id']);
    const review = report.files.find((f) => f.path.endsWith('Design review 1.md'))!;
    expect(review.converted).toContain('folder Meetings/2025 below topic Seeker co-development');
    expect(review.keptAsText).toEqual(['1 embed', '1 highlight']);
    expect(report.files.find((f) => f.path.endsWith('Trial log Goheung.md'))!.keptAsText).toEqual([
      '1 math formula',
      '1 footnote',
    ]);

    const data = app.core.store.get();
    expect(noteAt(data, 'Design review 1').folder).toBe('Meetings/2025');
    expect(noteAt(data, 'Week 3 report').tags).toEqual(['activity/exchange', 'country/korea', 'tech/radar']);
    const imported = await linkStatus(app);
    // The one file embed (![[whiteboard….png]]) is an attachment now, so no link is left pointing at a file.
    expect(imported).toEqual({ total: 19, resolved: 19, files: 0, bad: [] });
    expect(Object.values(data.attachments).map((a) => a.name)).toEqual(['whiteboard-2025-03-04.png']);
    // Properties as the vault had them, every YAML type.
    for (const rel of sources) {
      const text = await readFile(path.join(VAULT, rel), 'utf8');
      const title = path.basename(rel, '.md');
      expect(noteAt(data, title).properties ?? {}).toEqual(props(text, yaml.CORE_SCHEMA));
    }

    const out = path.join(dir, 'export');
    await call(app.api, 'export.run', { scope: { kind: 'all' }, dir: out });
    const exported = await markdownFiles(out);
    // Same places: topic folder, then the note's folders; notes at the vault's root go to Inbox/.
    expect(exported).toEqual(sources.map((s) => (s.includes('/') ? s : `Inbox/${s}`)).sort());
    let compared = 0;
    for (const rel of sources) {
      const before = await readFile(path.join(VAULT, rel), 'utf8');
      const after = await readFile(path.join(out, rel.includes('/') ? rel : `Inbox/${rel}`), 'utf8');
      for (const schema of [yaml.CORE_SCHEMA, yaml.DEFAULT_SCHEMA]) {
        expect(props(after, schema)).toEqual(props(before, schema));
        compared += Object.keys(props(before, schema)).length;
      }
      // The export puts its marking banner lines around the text; without them the text is as it was.
      const { data: fm } = parseNoteFile(after);
      expect(fm.marking).toBe('INTERNAL');
      const body = stripBanners(after.slice(after.indexOf('\n---\n') + 5), {
        level: String(fm.marking),
        releasableTo: (fm.releasable_to as string[] | undefined) ?? [],
      });
      // The vault's image embed came in as an attachment and goes out as a link to the copied file.
      expect(body).toBe(
        before
          .slice(before.indexOf('\n---\n') + 5)
          .replace(
            '![[whiteboard-2025-03-04.png]]',
            '![whiteboard-2025-03-04](_attachments/whiteboard-2025-03-04.png)',
          ),
      );
    }
    expect(compared / 2).toBe(43);

    // The export, as an Obsidian vault: every link that names a file resolves to one by path suffix.
    const names = exported.map((f) => f.replace(/\.md$/, '').toLowerCase());
    const aliasLinks: string[] = [];
    for (const rel of exported) {
      for (const l of parseLinks(await readFile(path.join(out, rel), 'utf8'))) {
        if (l.isFile || !l.target) continue;
        const t = l.target.toLowerCase();
        if (!names.some((n) => n === t || n.endsWith('/' + t))) aliasLinks.push(l.target);
      }
    }
    expect(aliasLinks.sort()).toEqual(['Austauschplan', 'Seeker kick-off']); // Dossier resolves aliases

    // And back into an empty Dossier: same notes, folders, properties, links.
    const again = await openApp(path.join(dir, 'data2'), 'browser');
    try {
      const r2 = await call(again.api, 'import.run', { source: out });
      expect(r2.added).toBe(10);
      expect(await linkStatus(again)).toEqual(imported);
      const d2 = again.core.store.get();
      for (const n of Object.values(data.notes)) {
        const m = noteAt(d2, n.title);
        expect(m.properties).toEqual(n.properties);
        expect(m.folder).toEqual(n.folder);
        expect(m.body).toBe(n.body);
      }
    } finally {
      await again.close();
    }
  });
});
