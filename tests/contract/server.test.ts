import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { hostInWorker } from '../../electron/shell/worker-host.js';
import { useContractServer } from './harness.js';
import { replayJournals } from '../../electron/store/journal.js';
import { fromStoreFile, SCHEMA_VERSION, type StoreFile } from '../../electron/domain/model.js';

// The browser-mode server on a real 127.0.0.1 socket, backed by a real store in a temp dir; the core runs in
// its worker thread, as in `npm run web` and Electron.

const web = useContractServer({
  host: (dataDir: string) => hostInWorker({ dataDir, mode: 'browser', owner: 'contract test' }),
  prepare: ({ dir }) => writeFile(path.join(dir, 'secret.txt'), 'not for the browser'),
});
const { call } = web;

function rawGet(pathname: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: web.server.port, path: pathname, method: 'GET', headers: { Host: host } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode contract server', () => {
  it('is served by the core in a worker thread', async () => {
    expect(web.app.worker()?.threadId).toBeGreaterThan(0);
    const info = await call('app.info', {});
    expect(info.value).toMatchObject({ mode: 'browser', dataDir: web.dataDir });
  });

  it('reports the worker isolate heap, with its young generation bounded (issue 15 memory)', async () => {
    const before = await web.app.workerHeap();
    expect(before.heapUsed).toBeGreaterThan(0);
    expect(before.heapTotal).toBeGreaterThanOrEqual(before.heapUsed);
    // 2 × 8 MB semi-spaces at most: the default (2 × 16 MB) stays committed once an open has filled it.
    expect(web.app.worker()?.resourceLimits?.maxYoungGenerationSizeMb).toBeLessThanOrEqual(24);
  });

  it('binds to 127.0.0.1 and prints a tokenised URL', () => {
    expect(web.server.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${web.server.port}/#token=[A-Za-z0-9_-]{20,}$`),
    );
  });

  it('refuses API calls without the token (401) and with a wrong one', async () => {
    const none = await call('topics.list', {}, { token: null });
    expect(none.status).toBe(401);
    expect(none.error?.code).toBe('UNAUTHORIZED');
    const wrong = await call('topics.list', {}, { token: 'x'.repeat(web.token.length) });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await rawGet('/', 'evil.example:80')).toBe(421);
    expect(await rawGet('/', `127.0.0.1:${web.server.port}`)).toBe(200);
  });

  it('answers a bad payload with 400 and a message naming the field, and writes nothing', async () => {
    const r = await call('topics.create', { name: 42 });
    expect(r.status).toBe(400);
    expect(r.error?.code).toBe('BAD_INPUT');
    expect(r.error?.message).toMatch(/name/);
    const extra = await call('notes.create', { title: 'x', evil: true });
    expect(extra.status).toBe(400);
    const notJson = await call('topics.create', '{"name":');
    expect(notJson.status).toBe(400);
    expect((await call('topics.list', {})).value).toEqual([]);
  });

  it('answers an unknown call with 404', async () => {
    const r = await call('fs.readFile', { path: '/etc/passwd' });
    expect(r.status).toBe(404);
    expect(r.error?.code).toBe('UNKNOWN_CALL');
  });

  it('runs good calls end to end and persists them to dossier.json', async () => {
    const topic = await call('topics.create', {
      name: 'Interceptor seeker co-development',
      partners: ['Fraunhofer FHR', 'KAIST'],
    });
    expect(topic.status).toBe(200);
    const topicId = (topic.value as { id: string }).id;
    const note = await call('notes.create', {
      topicId,
      title: 'Kick-off minutes',
      body: 'Seeker **radar** trade-offs',
      tags: ['Partner/KAIST', 'activity/meeting'],
    });
    expect(note.status).toBe(200);
    expect((note.value as { tags: string[] }).tags).toEqual(['activity/meeting', 'partner/kaist']);
    const list = await call('notes.list', { filter: { tags: ['partner'] } });
    expect((list.value as { total: number }).total).toBe(1);
    const dup = await call('topics.create', { name: 'interceptor SEEKER co-development' });
    expect(dup.status).toBe(409);
    expect(dup.error?.message).toMatch(/already exists/);
    // An answered create is durable. Durable state = snapshot + journal of changed records.
    const snapshot = fromStoreFile(
      JSON.parse(await readFile(path.join(web.dataDir, 'dossier.json'), 'utf8')) as StoreFile,
    );
    expect(snapshot.schemaVersion).toBe(SCHEMA_VERSION);
    const onDisk = await replayJournals(web.dataDir, snapshot);
    expect([...onDisk.data.notes.keys()]).toHaveLength(1);
  });

  it('serves the renderer with a strict CSP and never files outside it', async () => {
    const res = await fetch(`${web.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const traversal = await fetch(`${web.base}/..%2fsecret.txt`);
    expect(await traversal.text()).not.toContain('not for the browser');
  });

  it('answers a malformed % escape with 400, in the static path and in the call name', async () => {
    expect(await rawGet('/%E0%A4%A', `127.0.0.1:${web.server.port}`)).toBe(400);
    expect(await rawGet('/assets/%zz.js', `127.0.0.1:${web.server.port}`)).toBe(400);
    const r = await call('topics.%E0%A4%A', {});
    expect(r.status).toBe(400);
    expect(r.error?.code).toBe('BAD_INPUT');
  });

  it('refuses cross-origin API calls even with the token', async () => {
    const res = await fetch(`${web.base}/api/topics.list`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${web.token}`,
        Origin: 'http://evil.example',
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });
});
