import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { JournalWriter, readJournal, JOURNAL_FILE, type JournalEntry } from '../journal.js';
import { realFs } from '../durable-file.js';
import { keySealer, plainSealer } from './sealer.js';

// The journal of a protected notebook: one sealed line per acknowledged save. A crash can only cut the file
// short, which must read as a prefix of the saves; a changed byte in a complete line must be DATA_TAMPERED.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-sealed-journal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sealer = keySealer(randomBytes(32), { requireSealed: true });
const entries = fc.array(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), body: fc.string({ maxLength: 200 }) }),
  { minLength: 1, maxLength: 8 },
);
const toEntry = (e: { id: string; body: string }): JournalEntry => ({ notes: { [e.id]: { body: e.body } } });

describe('a sealed journal', () => {
  it('cut short anywhere reads as the saves before the cut (a torn last line is dropped)', async () => {
    const file = path.join(dir, 'cut.journal');
    await fc.assert(
      fc.asyncProperty(entries, fc.double({ min: 0, max: 1, noNaN: true }), async (list, at) => {
        const lines = list.map((e) => sealer.sealLine(JSON.stringify(toEntry(e))) + '\n');
        const text = lines.join('');
        const cut = Math.floor(text.length * at);
        await writeFile(file, text.slice(0, cut));
        const read = await readJournal(file, sealer);
        // Every whole line before the cut, and at most the line the cut fell just after its end of.
        let whole = 0;
        for (let i = 0, end = 0; i < lines.length; i++) {
          end += lines[i]!.length;
          if (end <= cut) whole = i + 1;
          else if (end - 1 === cut) whole = i + 1; // the line is complete, only its newline is missing
        }
        expect(read).toEqual(list.slice(0, whole).map(toEntry));
      }),
      { numRuns: 150 },
    );
  });

  it('a save torn inside its "S1:" prefix is a torn save too, not damage', async () => {
    const file = path.join(dir, 'prefix.journal');
    const first = sealer.sealLine(JSON.stringify(toEntry({ id: 'a', body: 'kept' }))) + '\n';
    for (const torn of ['S', 'S1', 'S1:']) {
      await writeFile(file, first + torn);
      expect(await readJournal(file, sealer)).toEqual([toEntry({ id: 'a', body: 'kept' })]);
    }
    // The same bytes on a complete line are damage.
    await writeFile(file, first + 'S1\n');
    await expect(readJournal(file, sealer)).rejects.toMatchObject({ code: 'DATA_TAMPERED' });
  });

  it('the first save after a crash starts its own line: a torn tail is cut off, never joined', async () => {
    for (const [name, s] of [
      ['plain', plainSealer],
      ['sealed', sealer],
    ] as const) {
      const d = await mkdtemp(path.join(dir, `${name}-`));
      const kept = toEntry({ id: 'a', body: 'acknowledged before the crash' });
      const full = s.sealLine(JSON.stringify(toEntry({ id: 'b', body: 'torn by the crash' })));
      await writeFile(
        path.join(d, JOURNAL_FILE),
        s.sealLine(JSON.stringify(kept)) + '\n' + full.slice(0, 20),
      );
      const writer = new JournalWriter(d, realFs, s);
      const after = toEntry({ id: 'c', body: 'acknowledged after the restart' });
      await writer.append(after);
      await writer.close();
      // A second crash now: the journal must still read as every acknowledged save.
      expect(await readJournal(path.join(d, JOURNAL_FILE), s)).toEqual([kept, after]);
    }
  });

  it('a changed character in any complete line is DATA_TAMPERED, never a dropped save', async () => {
    const file = path.join(dir, 'flip.journal');
    await fc.assert(
      fc.asyncProperty(entries, fc.nat(), fc.nat(), async (list, lineAt, charAt) => {
        const lines = list.map((e) => sealer.sealLine(JSON.stringify(toEntry(e))));
        const i = lineAt % lines.length;
        const line = lines[i]!;
        // Past the "S1:" prefix: a base64 character swapped for another.
        const j = 3 + (charAt % (line.length - 3));
        lines[i] = line.slice(0, j) + (line[j] === 'A' ? 'B' : 'A') + line.slice(j + 1);
        await writeFile(file, lines.join('\n') + '\n');
        await expect(readJournal(file, sealer)).rejects.toMatchObject({ code: 'DATA_TAMPERED' });
      }),
      { numRuns: 150 },
    );
  });
});
