import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { useContractServer } from './harness.js';
import { makePdf, makePng } from '../../bench/fixtures/files.js';
import type { Attached, AttachmentView } from '../../electron/contract/index.js';

// Attachments over the real browser-mode server on 127.0.0.1: upload, serve, and refuse without the token.

const web = useContractServer({ prefix: 'dossier-files-' });
const { auth, call } = web;

async function upload(name: string, bytes: Uint8Array): Promise<Attached> {
  const res = await fetch(`${web.base}/files/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: auth(),
    body: new Blob([new Uint8Array(bytes)]),
  });
  const json = (await res.json()) as { ok: boolean; value: Attached };
  expect(res.status).toBe(200);
  return json.value;
}

describe('attachments in browser mode', () => {
  it('uploads a file, references it from a note and serves it only with the session', async () => {
    const png = makePng(32, 16, 9);
    const up = await upload('Whiteboard 회의.png', png);
    expect(up.attachment).toMatchObject({
      mediaType: 'image/png',
      size: png.length,
      name: 'Whiteboard 회의.png',
    });
    // the upload was moved in, nothing is left in .incoming
    expect(await readdir(path.join(web.dataDir, 'attachments', '.incoming'))).toEqual([]);
    const note = (await call('notes.create', { title: 'Trial', body: up.markdown })).value as { id: string };
    const list = (await call('attachments.list', { noteId: note.id })).value as AttachmentView[];
    expect(list.map((a) => a.id)).toEqual([up.attachment.id]);

    const url = `${web.base}/files/${up.attachment.id}/x.png`;
    // No token, no cookie: refused, and nothing of the file is in the answer.
    const bare = await fetch(url);
    expect(bare.status).toBe(401);
    expect(Buffer.from(await bare.arrayBuffer()).includes(png.subarray(0, 16))).toBe(false);
    // A made-up cookie is refused too.
    expect(
      (await fetch(url, { headers: { Cookie: `dossier-files=${Date.now() + 60_000}.forged` } })).status,
    ).toBe(401);
    // The token in the query string is not a way in (it would land in history).
    expect((await fetch(`${url}?token=${web.token}`)).status).toBe(401);

    // The page opens a files session with its token and then loads files by plain URL (cookie).
    const session = await fetch(`${web.base}/files/session`, { method: 'POST', headers: auth() });
    const cookie = session.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/files\//);
    expect(cookie).not.toContain(web.token);
    const pair = cookie.split(';')[0]!;
    const ok = await fetch(url, { headers: { Cookie: pair } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(png);
    // The cookie opens files only, never the API.
    const apiWithCookie = await fetch(`${web.base}/api/notes.list`, {
      method: 'POST',
      headers: { Cookie: pair, 'Content-Type': 'application/json' },
      body: '{"filter":{}}',
    });
    expect(apiWithCookie.status).toBe(401);
    // Without the token no upload and no session either.
    expect(
      (
        await fetch(`${web.base}/files/upload?name=a.png`, {
          method: 'POST',
          body: new Blob([new Uint8Array(png)]),
        })
      ).status,
    ).toBe(401);
    expect((await fetch(`${web.base}/files/session`, { method: 'POST' })).status).toBe(401);
  });

  it('serves files that could carry scripts as inert downloads under a sandbox', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const html = await upload(
      'page.html',
      new TextEncoder().encode('<html><script>alert(1)</script></html>'),
    );
    const img = await upload('logo.svg', new TextEncoder().encode(svg));
    const pdf = await upload('report.pdf', makePdf([['Test report']]));
    const get = (id: string) => fetch(`${web.base}/files/${id}/f`, { headers: auth() });
    const h = await get(html.attachment.id);
    expect(h.headers.get('content-type')).toBe('application/octet-stream');
    expect(h.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(h.headers.get('content-security-policy')).toMatch(/sandbox/);
    const s = await get(img.attachment.id);
    expect(s.headers.get('content-security-policy')).toMatch(/sandbox/);
    const p = await get(pdf.attachment.id);
    expect(p.headers.get('content-type')).toBe('application/pdf');
    expect(p.headers.get('content-disposition')).toMatch(/^inline/);
  });

  it('refuses an upload over the limit with 413 and a clear message, keeping nothing', async () => {
    expect((await call('settings.setAttachmentLimit', { bytes: 2048 })).ok).toBe(true);
    const res = await fetch(`${web.base}/files/upload?name=trial.mp4`, {
      method: 'POST',
      headers: auth(),
      body: new Uint8Array(10_000),
    });
    expect(res.status).toBe(413);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('TOO_LARGE');
    expect(json.error.message).toContain('trial.mp4');
    expect(await readdir(path.join(web.dataDir, 'attachments', '.incoming'))).toEqual([]);
    await call('settings.setAttachmentLimit', { bytes: 200 * 1024 * 1024 });
  });

  it('validates attachment calls at the boundary', async () => {
    const bad = await call('attachments.get', { id: '../../dossier.json' });
    expect(bad.error?.code).toBe('BAD_INPUT');
    expect((await fetch(`${web.base}/files/..%2F..%2Fdossier.json`, { headers: auth() })).status).toBe(404);
    const missing = await call('attachments.get', { id: '0123456789abcdef' });
    expect(missing.error?.code).toBe('NOT_FOUND');
  });
});
