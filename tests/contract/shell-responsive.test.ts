import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hostApp, type HostedApp } from '../../electron/shell/app-host.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';
import { generateCorpus } from '../../bench/corpus.js';

// The shell keeps answering while the core works: during a long import and a long export (run by the core
// worker), store.status round trips through the real browser-mode server stay short. Measured as the
// median of many round trips, so one slow moment on a loaded machine does not decide it.

const NOTES = Number(process.env.DOSSIER_RESPONSIVE_NOTES ?? 8000);
const IMPORT_FILES = 3000;
let dir: string;
let app: HostedApp;
let server: WebServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-responsive-'));
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  await writeFile(
    path.join(dataDir, 'dossier.json'),
    JSON.stringify(generateCorpus({ notes: NOTES, seed: 7 })),
  );
  const source = path.join(dir, 'source');
  await mkdir(source);
  for (let i = 0; i < IMPORT_FILES; i++)
    await writeFile(
      path.join(source, `note-${i}.md`),
      `---\ntitle: Imported ${i}\ntags: [import/batch, partner/kaist]\n---\n\n${'Seeker radar calibration notes. '.repeat(40)} #trial${i % 50}\n`,
    );
  app = await hostApp(dataDir, 'browser', 'responsiveness test');
  await mkdir(path.join(dir, 'renderer'));
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html>');
  server = await startWebServer({ api: app.api, rendererDir: path.join(dir, 'renderer') });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(name: string, body: unknown): Promise<{ ok: boolean; value?: unknown }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; value?: unknown };
}

/** Round trips of store.status while `work` runs; returns their durations (ms) and the work's result. */
async function roundTripsDuring(
  work: Promise<{ ok: boolean; value?: unknown }>,
): Promise<{ times: number[]; result: { ok: boolean; value?: unknown } }> {
  let done = false;
  const finished = work.finally(() => (done = true));
  const times: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const r = await call('store.status', {});
    times.push(performance.now() - t0);
    expect(r.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { times, result: await finished };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('the shell stays responsive while the core works', () => {
  it('answers store.status quickly during a long import', async () => {
    const { times, result } = await roundTripsDuring(
      call('import.run', { source: path.join(dir, 'source') }),
    );
    expect(result.ok).toBe(true);
    expect((result.value as { added: number }).added).toBe(IMPORT_FILES);
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(median(times)).toBeLessThanOrEqual(50);
  }, 120_000);

  it('answers store.status quickly during a long export', async () => {
    const { times, result } = await roundTripsDuring(
      call('export.run', { scope: { kind: 'all' }, dir: path.join(dir, 'export'), format: 'files' }),
    );
    expect(result.ok).toBe(true);
    expect((result.value as { notes: number }).notes).toBe(NOTES + IMPORT_FILES);
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(median(times)).toBeLessThanOrEqual(50);
  }, 120_000);
});
