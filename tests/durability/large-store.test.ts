import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constants } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RecordSplitter } from '../../electron/store/record-parser.js';
import { openApp } from '../../electron/shell/open-app.js';

// The honest large-file checks: a store file longer than the longest string V8 can make (what a
// readFile + toString + JSON.parse loader needs, and what the old loader refused as "not valid UTF-8")
// is parsed record by record, and opens read-only under the real default budget.

let dir = '';
let dataDir = '';
let file = '';
let count = 0;
const body = 'Seeker radar trade-offs, \\"quoted\\", ünïcödé. '.repeat(20_000); // ≈1 MB of JSON text
const bodyLength = (JSON.parse(`"${body}"`) as string).length;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-large-'));
  dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  file = path.join(dataDir, 'dossier.json');
  const target = constants.MAX_STRING_LENGTH + 4 * 1024 * 1024;
  const now = '2026-01-01T00:00:00.000Z';
  const fh = await open(file, 'w');
  let written = (await fh.write('{"schemaVersion":1,"topics":{},"notes":{')).bytesWritten;
  while (written < target) {
    const id = `n${count}`;
    const rec = `${count ? ',' : ''}"${id}":{"id":"${id}","topicId":null,"title":"Note ${count}","body":"${body}","tags":[],"pinned":false,"createdAt":"${now}","updatedAt":"${now}"}`;
    written += (await fh.write(rec)).bytesWritten;
    count++;
  }
  await fh.write('},"savedSearches":{},"settings":{"trashRetentionDays":30}}');
  await fh.close();
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a store larger than one string', () => {
  it(
    'is parsed record by record in bounded memory (records counted and dropped)',
    { timeout: 120_000 },
    async () => {
      expect((await stat(file)).size).toBeGreaterThan(constants.MAX_STRING_LENGTH);
      let records = 0;
      let lastId = '';
      let bodyOk = true;
      const fields: string[] = [];
      const splitter = new RecordSplitter(new Set(['notes', 'topics', 'savedSearches']), {
        field: (key) => fields.push(key),
        collection: () => undefined,
        record: (_c, id, value) => {
          records++;
          lastId = id;
          bodyOk &&= (value as { body: string }).body.length === bodyLength;
        },
      });
      for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 }))
        splitter.push(chunk as Buffer);
      splitter.end();
      expect(records).toBe(count);
      expect(lastId).toBe(`n${count - 1}`);
      expect(bodyOk).toBe(true);
      expect(fields).toEqual(['schemaVersion', 'settings']);
    },
  );

  it(
    'opens read-only under the default 256 MB budget, naming the size, with export and delete still possible',
    { timeout: 120_000 },
    async () => {
      const app = await openApp(dataDir, 'cli', { index: false });
      try {
        expect(app.core.info().noteCount).toBe(count);
        expect(app.core.info().storage).toMatchObject({ readOnly: true, budgetBytes: 256 * 1024 * 1024 });
        await expect(app.core.createNote({ title: 'one more' })).rejects.toMatchObject({
          code: 'STORE_FULL',
          message: expect.stringMatching(
            /^Your notes are 5\d\d MB, more than the 256 MB Dossier keeps in one notebook/,
          ),
        });
        const out = path.join(dir, 'export');
        expect((await app.core.exportMarkdown({ kind: 'note', id: 'n0' }, out)).notes).toBe(1);
        await app.core.deleteNote('n1');
        expect(app.core.info().noteCount).toBe(count - 1);
      } finally {
        await app.close();
      }
    },
  );
});
