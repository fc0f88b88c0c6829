import { afterAll, describe, expect, it } from 'vitest';
import { constants } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RecordSplitter } from '../../electron/store/record-parser.js';

// The honest large-file check: a store file longer than the longest string V8 can make (what a
// readFile + toString + JSON.parse loader needs) still parses record by record, in bounded memory.
// Records are counted and dropped as they come, so the test itself does not hold 540 MB.

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('record-by-record parsing of a store larger than one string', () => {
  it(
    'reads every record of a file over buffer.constants.MAX_STRING_LENGTH',
    { timeout: 120_000 },
    async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-large-'));
      const file = path.join(dir, 'dossier.json');
      const body = 'Seeker radar trade-offs, \\"quoted\\", ünïcödé. '.repeat(20_000); // ≈1 MB of JSON text
      const bodyLength = (JSON.parse(`"${body}"`) as string).length;
      const target = constants.MAX_STRING_LENGTH + 4 * 1024 * 1024;
      const fh = await open(file, 'w');
      let written = 0;
      let count = 0;
      written += (await fh.write('{"schemaVersion":1,"topics":{},"notes":{')).bytesWritten;
      while (written < target) {
        const rec = `${count ? ',' : ''}"n${count}":{"id":"n${count}","title":"Note ${count}","body":"${body}","tags":[]}`;
        written += (await fh.write(rec)).bytesWritten;
        count++;
      }
      written += (await fh.write('},"savedSearches":{},"settings":{"trashRetentionDays":30}}')).bytesWritten;
      await fh.close();
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
});
