import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { AppInfo, DossierApi } from '../contract/index.js';
import type { Attachment } from '../domain/model.js';
import { dispatch } from '../shell/dispatch.js';
import type { ErrorCode, Result } from '../domain/errors.js';
import { incomingPath } from '../store/blobs.js';
import { attachmentHeaders } from '../shell/attachment-headers.js';
import { parseByteRange } from './byte-range.js';

/** Name of the cookie that lets the page's <img>/<a> elements read attachments (never the API token). */
export const FILES_COOKIE = 'dossier-files';
/** A files cookie lasts an hour; the page renews it every 20 minutes while it is open. */
export const FILES_COOKIE_SECONDS = 3600;

/** How much of a file one attachments.read carries while serving it. */
const PIECE_BYTES = 1024 * 1024;

const READ_STATUS: Partial<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  BAD_INPUT: 400,
  NOTEBOOK_LOCKED: 423,
  DATA_TAMPERED: 500,
};

/**
 * Browser mode's attachment routes, beside POST /api/<call>:
 * - POST /files/session (token) sets a short-lived HttpOnly, SameSite=Strict cookie scoped to /files/, so
 *   images and links in the page can load files by plain URLs — the token never appears in a URL that lands
 *   in history, and the cookie cannot call the API (it is a different secret, checked only here).
 * - GET /files/<id>/<name> (cookie or token) streams one attachment with headers that keep it inert, in
 *   pieces the core reads (attachments.read: in a protected notebook only the core can open the file).
 * - POST /files/upload?name=… (token) streams the request body into attachments/.incoming/ and hands it to
 *   the core (attachments.add with incoming), which hashes and moves it in. In a protected notebook
 *   (app.info `sealed`) the body is kept in memory instead, bounded by the per-file limit, and handed over
 *   as bytes (attachments.addBytes), so no plaintext copy ever lands in the data folder.
 */
export function attachmentRoutes(api: DossierApi, tokenOk: (req: IncomingMessage) => boolean) {
  const secret = randomBytes(32);
  let dataDir: string | null = null;
  const sign = (exp: number) => createHmac('sha256', secret).update(String(exp)).digest('base64url');

  function cookieOk(req: IncomingMessage): boolean {
    const raw = (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${FILES_COOKIE}=`));
    const value = raw?.slice(FILES_COOKIE.length + 1) ?? '';
    const [expText, mac] = value.split('.');
    const exp = Number(expText);
    if (!mac || !Number.isFinite(exp) || exp < Date.now()) return false;
    const a = Buffer.from(mac);
    const b = Buffer.from(sign(exp));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async function dir(): Promise<string> {
    if (dataDir) return dataDir;
    const info = await dispatch(api, 'app.info', {});
    if (!info.ok) throw new Error(info.error.message);
    dataDir = (info.value as AppInfo).dataDir;
    return dataDir;
  }

  /**
   * Asked per upload: protection can be turned on or off while the server runs. Anything but a plain
   * answer (a locked notebook answers NOTEBOOK_LOCKED) counts as sealed: nothing is written to disk then.
   */
  async function sealed(): Promise<boolean> {
    const info = await dispatch(api, 'app.info', {});
    return !info.ok || (info.value as AppInfo).sealed === true;
  }

  function json(
    res: ServerResponse,
    status: number,
    body: Result<unknown>,
    extra: Record<string, string> = {},
  ) {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    });
    res.end(JSON.stringify(body));
  }

  const refuse = (res: ServerResponse) =>
    json(res, 401, {
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'Attachments need the session of the Dossier page.' },
    });

  async function serve(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    if (!cookieOk(req) && !tokenOk(req)) return refuse(res);
    const r = await dispatch(api, 'attachments.get', { id });
    if (!r.ok) return json(res, r.error.code === 'BAD_INPUT' ? 400 : 404, r);
    const att = r.value as Attachment;
    // One byte range (a video or audio element seeking) is served as asked; anything else whole.
    const range = parseByteRange(req.headers.range, att.size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${att.size}` });
      return void res.end();
    }
    const from = range?.start ?? 0;
    const to = range?.end ?? att.size;
    const read = (offset: number) =>
      dispatch(api, 'attachments.read', {
        id: att.id,
        offset,
        length: Math.max(1, Math.min(PIECE_BYTES, to - offset)),
      });
    // The first piece before the headers: a missing, damaged or locked file gets its own status.
    const first = await read(from);
    if (!first.ok) return json(res, READ_STATUS[first.error.code] ?? 500, first);
    res.writeHead(range ? 206 : 200, {
      ...attachmentHeaders(att),
      'Accept-Ranges': 'bytes',
      'Content-Length': String(to - from),
      ...(range ? { 'Content-Range': `bytes ${from}-${to - 1}/${att.size}` } : {}),
      'Cache-Control': 'private, max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    let piece = (first.value as { bytes: Uint8Array }).bytes;
    let at = from;
    for (;;) {
      at += piece.length;
      if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
      if (at >= to || piece.length === 0 || res.destroyed) break;
      const next = await read(at);
      // Headers are out: a piece that fails its check ends the answer short (never garbage), and the
      // client sees a broken transfer.
      if (!next.ok) return void res.destroy(new Error(next.error.message));
      piece = (next.value as { bytes: Uint8Array }).bytes;
    }
    res.end();
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!tokenOk(req)) return refuse(res);
    const name = (url.searchParams.get('name') ?? '').slice(0, 255) || 'file';
    const limitResult = await dispatch(api, 'attachments.limit', {});
    const limit = limitResult.ok ? (limitResult.value as { bytes: number }).bytes : Number.MAX_SAFE_INTEGER;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      req.resume();
      return json(res, 413, {
        ok: false,
        error: {
          code: 'TOO_LARGE',
          message: `“${name}” is ${mb(declared)}; files of at most ${mb(limit)} can be attached (see the attachment limit in settings).`,
          details: { size: declared, limit },
        },
      });
    }
    let size = 0;
    const tooLarge = () =>
      json(res, 413, {
        ok: false,
        error: {
          code: 'TOO_LARGE',
          message: `“${name}” is larger than the attachment limit.`,
          details: { limit },
        },
      });
    if (await sealed()) {
      // Protected: no temp file in the data folder; the body stays in memory, at most `limit` bytes.
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > limit) {
          req.resume();
          return tooLarge();
        }
        chunks.push(chunk as Buffer);
      }
      const r = await dispatch(api, 'attachments.addBytes', { name, bytes: Buffer.concat(chunks, size) });
      return json(res, r.ok ? 200 : r.error.code === 'TOO_LARGE' ? 413 : 400, r);
    }
    const target = await incomingPath(await dir());
    const cap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(size > limit ? new Error('TOO_LARGE') : null, chunk);
      },
    });
    try {
      await pipeline(req, cap, createWriteStream(target, { mode: 0o600 }));
    } catch (err) {
      await unlink(target).catch(() => undefined);
      if ((err as Error).message === 'TOO_LARGE') return tooLarge();
      throw err;
    }
    const r = await dispatch(api, 'attachments.add', { path: target, name, incoming: true });
    await unlink(target).catch(() => undefined);
    json(res, r.ok ? 200 : r.error.code === 'TOO_LARGE' ? 413 : 400, r);
  }

  /** Handles /files/… requests; returns false for any other path. */
  return async function handle(req: IncomingMessage, res: ServerResponse, host: string): Promise<boolean> {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (!url.pathname.startsWith('/files/')) return false;
    const origin = req.headers.origin;
    if (origin && origin !== `http://${host}`) {
      json(res, 403, {
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'Cross-origin requests are refused.' },
      });
      return true;
    }
    if (url.pathname === '/files/session' && req.method === 'POST') {
      if (!tokenOk(req)) {
        refuse(res);
        return true;
      }
      const exp = Date.now() + FILES_COOKIE_SECONDS * 1000;
      json(
        res,
        200,
        { ok: true, value: { expiresAt: new Date(exp).toISOString() } },
        {
          'Set-Cookie': `${FILES_COOKIE}=${exp}.${sign(exp)}; Path=/files/; HttpOnly; SameSite=Strict; Max-Age=${FILES_COOKIE_SECONDS}`,
        },
      );
      return true;
    }
    if (url.pathname === '/files/upload' && req.method === 'POST') {
      await upload(req, res, url);
      return true;
    }
    const m = /^\/files\/([0-9a-f]{16,64})(?:\/[^/]*)?$/.exec(url.pathname);
    if (m && (req.method === 'GET' || req.method === 'HEAD')) {
      await serve(req, res, m[1]!);
      return true;
    }
    json(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such file route.' } });
    return true;
  };
}
