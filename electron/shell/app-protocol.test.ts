import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serveAppRequest } from './app-protocol.js';

// The app:// handler on a real folder, with real files and a symlink that leads out of it.
let dir: string;
let renderer: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-app-protocol-'));
  renderer = path.join(dir, 'renderer');
  await mkdir(path.join(renderer, 'assets'), { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Dossier</title>');
  await writeFile(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the renderer');
  await symlink(path.join(dir, 'secret.txt'), path.join(renderer, 'assets', 'leak.txt'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const get = async (url: string, method = 'GET') => {
  const res = await serveAppRequest(renderer, new Request(url, { method }));
  return { status: res.status, csp: res.headers.get('content-security-policy'), body: await res.text() };
};

describe('app:// protocol handler', () => {
  it('serves files with the CSP header and index.html for routes', async () => {
    const index = await get('app://dossier/index.html');
    expect(index).toMatchObject({ status: 200, body: '<!doctype html><title>Dossier</title>' });
    expect(index.csp).toContain("script-src 'self'");
    expect((await get('app://dossier/assets/app.js')).body).toBe('console.log(1)');
    expect((await get('app://dossier/')).status).toBe(200);
    expect((await get('app://dossier/notes/abc')).body).toContain('<title>Dossier</title>');
  });

  it('refuses a symlink out of the folder, malformed escapes, other hosts and methods', async () => {
    const leak = await get('app://dossier/assets/leak.txt');
    expect(leak.status).toBe(403);
    expect(leak.body).not.toContain('not for the renderer');
    for (const url of [
      'app://dossier/%2e%2e/secret.txt',
      'app://dossier/..%2fsecret.txt',
      'app://dossier/..%5csecret.txt',
    ])
      expect((await get(url)).body, url).not.toContain('not for the renderer');
    expect((await get('app://dossier/%E0%A4%A')).status).toBe(400);
    expect((await get('app://dossier/a%00.js')).status).toBe(400);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://dossier/index.html', 'POST')).status).toBe(405);
  });
});
