import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../setup/bundle.js';
import { openStore } from '../../electron/store/open-store.js';
import { blobPath } from '../../electron/store/blobs.js';
import { findRefs } from '../../electron/core/attachments/refs.js';
import { killRepeatedly } from './kill-loop.js';

// Fault injection while attaching: a child stores files and saves notes that reference them and is
// SIGKILLed at seeded-random moments. After every kill, no note may reference a missing or torn file.

const KILLS = Number(process.env.DOSSIER_ATTACH_KILLS ?? 30);
const here = path.dirname(fileURLToPath(import.meta.url));
let work: string;
let childScript: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-kill9-attach-'));
  // Inside the repo (test-artifacts/), so the bundle finds the packages it leaves external.
  childScript = path.join(here, '..', '..', 'test-artifacts', 'kill9', 'attach-loop.mjs');
  await bundleForNode(path.join(here, 'fixtures', 'attach-loop.ts'), childScript);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('kill -9 while attaching', () => {
  it(`no note references a missing or torn file across ${KILLS} kills`, async () => {
    const dataDir = path.join(work, 'data');
    let checked = 0;
    const acknowledged = await killRepeatedly({
      script: childScript,
      dataDir,
      kills: KILLS,
      seed: 20261126,
      delay: (rand) => Math.floor(rand() * 150),
      verify: async (kill, acked) => {
        const store = await openStore(dataDir, { owner: 'verifier' });
        const data = store.get();
        for (const note of data.notes.toArray()) {
          for (const ref of findRefs(note.body)) {
            const att = data.attachments[ref.id];
            if (!att) throw new Error(`after kill ${kill}: ${note.title} references unknown ${ref.id}`);
            const bytes = await readFile(blobPath(dataDir, att.hash)).catch(() => null);
            if (!bytes) throw new Error(`after kill ${kill}: ${note.title} references a missing file`);
            if (createHash('sha256').update(bytes).digest('hex') !== att.hash)
              throw new Error(`after kill ${kill}: ${note.title} references a torn file`);
            checked++;
          }
        }
        for (let s = 1; s <= acked; s++)
          if (!data.notes.toArray().some((n) => n.title === `attach ${s}`))
            throw new Error(`after kill ${kill}: acknowledged note ${s} is missing`);
        await store.close();
      },
    });
    expect(acknowledged).toBeGreaterThan(KILLS / 3);
    expect(checked).toBeGreaterThan(0);
  }, 300_000);
});
