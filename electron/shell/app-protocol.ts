import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { MIME } from './mime.js';

/** The renderer is served from app://dossier/ (a privileged standard scheme), not file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dossier';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** For protocol.registerSchemesAsPrivileged: a secure standard origin with fetch, nothing more. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** True for a URL of the app's own origin. */
export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

function text(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    },
  });
}

/**
 * Answers one app:// request from the built renderer folder, with the CSP as a real response header.
 * Refuses other hosts, other methods, malformed escapes, and any path (also through a symlink) that
 * leads outside the folder. Paths without an extension get index.html (client-side routes).
 */
export async function serveAppRequest(rendererDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return text(400, 'Bad URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'Not found');
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return text(400, 'Malformed % escape in the URL');
  }
  if (decoded.includes('\0')) return text(400, 'Bad path');
  const root = path.resolve(rendererDir);
  const rel = path.normalize(decoded).replace(/^([/\\])+/, '');
  let file = path.join(root, rel || 'index.html');
  if (!file.startsWith(root + path.sep)) return text(403, 'Forbidden');
  if (!path.extname(file)) file = path.join(root, 'index.html');
  try {
    // The real path must stay inside the real folder too (a symlink in dist/ must not lead out).
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + path.sep)) return text(403, 'Forbidden');
    const body = await readFile(realFile);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'Content-Type': MIME[path.extname(realFile)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  } catch {
    return text(404, 'Not found');
  }
}
