import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { DossierApi } from '../contract/index.js';
import { dispatch } from '../shell/dispatch.js';
import type { ErrorCode, Result } from '../domain/errors.js';
import { CONTENT_SECURITY_POLICY } from '../shell/csp.js';
import { MIME } from '../shell/mime.js';
import { attachmentRoutes } from './attachment-routes.js';

const MAX_BODY_BYTES = 12 * 1024 * 1024;

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  UNKNOWN_CALL: 404,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CANCELLED: 409,
  CONFIRM_REQUIRED: 409,
  TOO_LARGE: 413,
  SAVE_FAILED: 503,
  STORE_CORRUPT: 500,
  STORE_VERSION: 500,
  STORE_LOCKED: 423,
  STORE_FULL: 413,
  NOTEBOOK_LOCKED: 423,
  WRONG_PASSPHRASE: 403,
  DATA_TAMPERED: 500,
  IO_ERROR: 500,
  INTERNAL: 500,
};

export type WebServerOptions = { api: DossierApi; rendererDir: string; port?: number; token?: string };
export type WebServer = { url: string; port: number; token: string; close: () => Promise<void> };

function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendResult(res: ServerResponse, result: Result<unknown>, status?: number): void {
  const code = status ?? (result.ok ? 200 : STATUS_BY_CODE[result.error.code]);
  send(res, code, JSON.stringify(result), 'application/json; charset=utf-8');
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** decodeURIComponent that answers null for a malformed escape (`%zz`, a cut UTF-8 sequence) instead of throwing. */
export function decodePath(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

const MALFORMED = 'Malformed % escape in the URL';

async function serveStatic(res: ServerResponse, rendererDir: string, urlPath: string): Promise<void> {
  const decoded = decodePath(urlPath.split('?')[0] ?? '/');
  if (decoded === null) {
    send(res, 400, MALFORMED, 'text/plain');
    return;
  }
  const rel = path.normalize(decoded).replace(/^([/\\])+/, '');
  const file = path.join(rendererDir, rel || 'index.html');
  if (!file.startsWith(path.resolve(rendererDir) + path.sep) && file !== path.resolve(rendererDir)) {
    send(res, 403, 'Forbidden', 'text/plain');
    return;
  }
  const target = path.extname(file) ? file : path.join(rendererDir, 'index.html');
  try {
    const body = await readFile(target);
    send(res, 200, body, MIME[path.extname(target)] ?? 'application/octet-stream');
  } catch {
    send(res, 404, 'Not found', 'text/plain');
  }
}

/**
 * Browser mode: the built renderer plus the contract at POST /api/<call>, on 127.0.0.1 only.
 * Every API call needs the per-launch token; the Host header must name this server (DNS-rebinding guard).
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  let port = 0;
  const files = attachmentRoutes(options.api, (req) => tokenMatches(req.headers.authorization, token));

  const server = createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? '';
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
        send(res, 421, 'Unexpected Host header', 'text/plain');
        return;
      }
      const url = req.url ?? '/';
      if (url.startsWith('/files/') && (await files(req, res, host))) return;
      if (!url.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          send(res, 405, 'Method not allowed', 'text/plain');
          return;
        }
        await serveStatic(res, rendererDir, url);
        return;
      }
      if (!tokenMatches(req.headers.authorization, token)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        const message = 'Missing or wrong token: open the URL that `npm run web` printed.';
        sendResult(res, { ok: false, error: { code: 'UNAUTHORIZED', message } }, 401);
        return;
      }
      if (req.method !== 'POST') {
        send(res, 405, 'Method not allowed', 'text/plain');
        return;
      }
      const origin = req.headers.origin;
      if (origin && origin !== `http://${host}`) {
        send(res, 403, 'Cross-origin calls are refused', 'text/plain');
        return;
      }
      let input: unknown;
      try {
        const text = await readBody(req);
        input = text ? JSON.parse(text) : {};
      } catch {
        sendResult(res, {
          ok: false,
          error: { code: 'BAD_INPUT', message: 'The request body is not valid JSON (or larger than 12 MB).' },
        });
        return;
      }
      const name = decodePath(url.slice('/api/'.length).split('?')[0] ?? '');
      if (name === null) {
        sendResult(res, { ok: false, error: { code: 'BAD_INPUT', message: `${MALFORMED}.` } });
        return;
      }
      sendResult(res, await dispatch(options.api, name, input));
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `Internal error: ${(err as Error).message}`, 'text/plain');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
