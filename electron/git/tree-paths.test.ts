import fc from 'fast-check';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { author, bareRepo, open, tempWorld, testSetup } from '../../tests/git/git-fixtures.js';
import { isDotGit, isHostile, markCollisions, pathProblem } from './tree-paths.js';
import { parseRemote } from './remote-url.js';
import { isBranchName } from './open-topic-remote.js';
import { spawnSync } from 'node:child_process';
import type { TopicRemote, TreeEntry } from './topic-remote.js';

const segment = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' });
const hostileSegment = fc.constantFrom(
  '..',
  '.',
  '',
  '.git',
  '.GIT',
  'git~1',
  '.git.',
  '.git::$INDEX_ALLOCATION',
  '.g\u200dit',
);

describe('pathProblem', () => {
  it('calls any path with a hostile segment anywhere unsafe', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 4 }),
        hostileSegment,
        fc.array(segment, { maxLength: 4 }),
        (a, bad, b) => {
          const p = [...a, bad, ...b].join('/');
          expect(pathProblem(p)).toBe('unsafe');
          expect(isHostile(pathProblem(p))).toBe(true);
        },
      ),
    );
  });

  it('calls absolute paths, backslashes and control characters unsafe', () => {
    fc.assert(
      fc.property(segment, fc.integer({ min: 0, max: 31 }), (s, c) => {
        expect(pathProblem(`/${s}`)).toBe('unsafe');
        expect(pathProblem(`${s}\\x`)).toBe('unsafe');
        expect(pathProblem(`${s}${String.fromCharCode(c)}x`)).toBe('unsafe');
      }),
    );
  });

  it('takes ordinary note names as they are, and cuts at 255-byte segments and 4096-byte paths', () => {
    for (const ok of [
      'Meeting in Delft.md',
      'field notes/2025-03 Übersicht.md',
      '研究/メモ.md',
      '_attachments/x.png',
    ])
      expect(pathProblem(ok), ok).toBeNull();
    expect(pathProblem('é'.repeat(126) + '.md')).toBeNull(); // 255 bytes
    expect(pathProblem('é'.repeat(127) + '.md')).toBe('too-long'); // 257 bytes
    expect(pathProblem('a'.repeat(255))).toBeNull();
    expect(pathProblem('a'.repeat(256))).toBe('too-long');
    expect(pathProblem(Array.from({ length: 20 }, () => 'b'.repeat(250)).join('/'))).toBe('too-long');
    expect(pathProblem('Meeting: Berlin.md')).toBe('windows-name');
    expect(pathProblem('aux.txt')).toBe('windows-name');
    expect(pathProblem('trailing.')).toBe('windows-name');
    expect(isDotGit('.gitignore')).toBe(false);
    expect(isDotGit('git~10')).toBe(false);
  });
});

describe('markCollisions', () => {
  it('leaves the first of each group unmarked and marks every later one', () => {
    const name = fc.constantFrom(
      'Note.md',
      'note.md',
      'NOTE.md',
      '\u00e9.md',
      'e\u0301.md',
      '\u00c9.md',
      'other.md',
    );
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 7 }), (names) => {
        const entries: TreeEntry[] = names.map((p) => ({ path: p, id: 'x', kind: 'file', size: 1 }));
        markCollisions(entries);
        const seen = new Set<string>();
        for (const e of entries) {
          const key = e.path.normalize('NFC').toLowerCase();
          expect(e.problem === undefined, e.path).toBe(!seen.has(key));
          seen.add(key);
        }
      }),
    );
  });
});

describe('isBranchName', () => {
  it('agrees with git check-ref-format on random names', () => {
    const piece = fc.constantFrom(
      'a',
      'main',
      '.',
      '..',
      '/',
      '-',
      '@',
      '{',
      '~',
      '^',
      ':',
      ' ',
      '\\',
      '*',
      '.lock',
      'é',
      '\u0001',
      'x.y',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('')),
        (name) => {
          const git =
            spawnSync('git', ['check-ref-format', `refs/heads/${name}`]).status === 0 &&
            !name.startsWith('-');
          expect(isBranchName(name), JSON.stringify(name)).toBe(git);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('parseRemote', () => {
  it('reads the remotes users have, as git does', () => {
    expect(parseRemote('git@example.org:team/topic.git')).toEqual({
      kind: 'scp',
      forGit: 'git@example.org:team/topic.git',
    });
    expect(parseRemote('https://gitlab.example.org/team/topic.git').kind).toBe('https');
    expect(parseRemote('ssh://ada@example.org:2222/srv/topic.git').kind).toBe('ssh');
    expect(parseRemote('file:///srv/topic.git').kind).toBe('file');
    expect(parseRemote('../share/topic.git', '/home/ada/notes')).toEqual({
      kind: 'path',
      forGit: path.resolve('/home/ada/notes', '../share/topic.git'),
    });
    expect(parseRemote('./a:b/c', '/x').kind).toBe('path'); // a slash before the colon: a path
    expect(parseRemote('C:\\share\\topic.git', '/x').kind).toBe('path');
  });
  it('refuses helpers, options and passwords', () => {
    for (const bad of [
      '',
      ' ',
      'ext::sh',
      'fd::7',
      '-x',
      'ftp://h/x',
      'https://u:p@h/x',
      'host:-x',
      '-h:x',
      'a\nb',
      'ssh://-o/x',
    ])
      expect(() => parseRemote(bad), JSON.stringify(bad)).toThrow();
  });
});

describe('paths round-trip through a real commit', () => {
  let world: { dir: string; cleanup: () => Promise<void> };
  let local: TopicRemote;
  beforeAll(async () => {
    world = await tempWorld();
    local = await open(
      path.join(world.dir, 'data'),
      bareRepo(path.join(world.dir, 'r.git')),
      await testSetup(world.dir),
    );
  });
  afterAll(async () => {
    await local.close();
    await world.cleanup();
  });

  it('lists exactly the paths and bytes written (quotes, spaces, any script)', async () => {
    const nameSegment = fc
      .string({ minLength: 1, maxLength: 10, unit: 'grapheme' })
      .filter((s) => pathProblem(s) === null || pathProblem(s) === 'windows-name');
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.array(nameSegment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/')),
          {
            minLength: 1,
            maxLength: 8,
            selector: (p) => p,
          },
        ),
        fc.uint8Array({ maxLength: 64 }),
        async (paths, bytes) => {
          // a path that is another's folder cannot also be a file
          const files = paths.filter((p) => !paths.some((q) => q.startsWith(`${p}/`)));
          const c = await local.commit(
            null,
            files.map((p) => ({ path: p, bytes })),
            'm',
            author(),
          );
          const listed = await local.listTree(c, { maxBlobBytes: 1024, maxEntries: 100 });
          expect(listed.map((e) => e.path).sort()).toEqual([...files].sort());
          const read = await local.readBlobs([listed[0]!.id], 1024);
          expect([...read.get(listed[0]!.id)!]).toEqual([...bytes]);
        },
      ),
      { numRuns: 25 },
    );
  });
});
