import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { hostInWorker, type WorkerHostedApp } from '../../electron/shell/worker-host.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';
import { replayJournals } from '../../electron/store/journal.js';
import { SCHEMA_VERSION, type StoreData } from '../../electron/core/model.js';

// The browser-mode server on a real 127.0.0.1 socket, backed by a real store in a temp dir; the core runs in
// its worker thread, as in `npm run web` and Electron.

let dir: string;
let app: WorkerHostedApp;
let dataDir: string;
let server: WebServer;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-contract-'));
  const rendererDir = path.join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Dossier</title>');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the browser');
  dataDir = path.join(dir, 'data');
  app = await hostInWorker({ dataDir, mode: 'browser', owner: 'contract test' });
  server = await startWebServer({ api: app.api, rendererDir });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function api(name: string, body: unknown, token: string | null = server.token) {
  const res = await fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } },
  };
}

function rawGet(pathname: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: pathname, method: 'GET', headers: { Host: host } },
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
    expect(app.worker()?.threadId).toBeGreaterThan(0);
    const info = await api('app.info', {});
    expect(info.json.value).toMatchObject({ mode: 'browser', dataDir });
  });

  it('binds to 127.0.0.1 and prints a tokenised URL', () => {
    expect(server.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{20,}$`),
    );
  });

  it('refuses API calls without the token (401) and with a wrong one', async () => {
    const none = await api('topics.list', {}, null);
    expect(none.status).toBe(401);
    expect(none.json.error?.code).toBe('UNAUTHORIZED');
    const wrong = await api('topics.list', {}, 'x'.repeat(server.token.length));
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect(await rawGet('/', 'evil.example:80')).toBe(421);
    expect(await rawGet('/', `127.0.0.1:${server.port}`)).toBe(200);
  });

  it('answers a bad payload with 400 and a message naming the field, and writes nothing', async () => {
    const r = await api('topics.create', { name: 42 });
    expect(r.status).toBe(400);
    expect(r.json.error?.code).toBe('BAD_INPUT');
    expect(r.json.error?.message).toMatch(/name/);
    const extra = await api('notes.create', { title: 'x', evil: true });
    expect(extra.status).toBe(400);
    const notJson = await api('topics.create', '{"name":');
    expect(notJson.status).toBe(400);
    expect((await api('topics.list', {})).json.value).toEqual([]);
  });

  it('answers an unknown call with 404', async () => {
    const r = await api('fs.readFile', { path: '/etc/passwd' });
    expect(r.status).toBe(404);
    expect(r.json.error?.code).toBe('UNKNOWN_CALL');
  });

  it('runs good calls end to end and persists them to dossier.json', async () => {
    const topic = await api('topics.create', {
      name: 'Interceptor seeker co-development',
      partners: ['Fraunhofer FHR', 'KAIST'],
    });
    expect(topic.status).toBe(200);
    const topicId = (topic.json.value as { id: string }).id;
    const note = await api('notes.create', {
      topicId,
      title: 'Kick-off minutes',
      body: 'Seeker **radar** trade-offs',
      tags: ['Partner/KAIST', 'activity/meeting'],
    });
    expect(note.status).toBe(200);
    expect((note.json.value as { tags: string[] }).tags).toEqual(['activity/meeting', 'partner/kaist']);
    const list = await api('notes.list', { filter: { tags: ['partner'] } });
    expect((list.json.value as { total: number }).total).toBe(1);
    const dup = await api('topics.create', { name: 'interceptor SEEKER co-development' });
    expect(dup.status).toBe(409);
    expect(dup.json.error?.message).toMatch(/already exists/);
    // An answered create is durable. Durable state = snapshot + journal of changed records.
    const snapshot = JSON.parse(await readFile(path.join(dataDir, 'dossier.json'), 'utf8')) as StoreData;
    expect(snapshot.schemaVersion).toBe(SCHEMA_VERSION);
    const onDisk = await replayJournals(dataDir, snapshot);
    expect(Object.keys(onDisk.data.notes)).toHaveLength(1);
  });

  it('serves the renderer with a strict CSP and never files outside it', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const traversal = await fetch(`${base}/..%2fsecret.txt`);
    expect(await traversal.text()).not.toContain('not for the browser');
  });

  it('answers a malformed % escape with 400, in the static path and in the call name', async () => {
    expect(await rawGet('/%E0%A4%A', `127.0.0.1:${server.port}`)).toBe(400);
    expect(await rawGet('/assets/%zz.js', `127.0.0.1:${server.port}`)).toBe(400);
    const r = await api('topics.%E0%A4%A', {});
    expect(r.status).toBe(400);
    expect(r.json.error?.code).toBe('BAD_INPUT');
  });

  it('refuses cross-origin API calls even with the token', async () => {
    const res = await fetch(`${base}/api/topics.list`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${server.token}`,
        Origin: 'http://evil.example',
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });
});
