import { afterAll, beforeAll, expect } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DossierApi } from '../../electron/contract/index.js';
import { openApp, type OpenedApp } from '../../electron/shell/open-app.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';

// One way for contract tests to stand up the real browser-mode server on 127.0.0.1 over a store in a temp
// dir, and to call it as the renderer does (POST /api/<name> with the bearer token).

export type ApiError = { code: string; message: string; details?: Record<string, unknown> };

/** A call's answer: the HTTP status and the body's envelope (value is undefined unless ok). */
export type CallResult<T> = { status: number; ok: boolean; value?: T; error?: ApiError };

export type CallOptions = {
  /** The bearer token to send; `null` sends none. Default: the server's own token. */
  token?: string | null;
};

type HostedApi = { api: DossierApi; close: () => Promise<void> };

export type ContractServerOptions<A extends HostedApi> = {
  /** Prefix of the temp dir's name (shows up in /tmp when a run is killed). */
  prefix?: string;
  /** Runs before the app opens: seed the data dir or other files under `dir`. */
  prepare?: (paths: { dir: string; dataDir: string }) => Promise<void>;
  /** How the core is hosted; default in this process (`openApp(dataDir, 'browser')`). */
  host?: (dataDir: string) => Promise<A>;
  /** Time the start may take (a seeded store takes longer). */
  timeout?: number;
};

export type ContractServer<A extends HostedApi> = {
  /** The temp dir everything lives in; the store is `dataDir` below it. */
  dir: string;
  dataDir: string;
  app: A;
  server: WebServer;
  /** `http://127.0.0.1:<port>` */
  base: string;
  token: string;
  /** The Authorization header with the server's token. */
  auth: () => { Authorization: string };
  /** POST /api/<name>; a string payload is sent as it is (for malformed JSON), anything else as JSON. */
  call: <T = unknown>(name: string, payload: unknown, options?: CallOptions) => Promise<CallResult<T>>;
  /** `call`, asserting a 200 with `ok: true`; answers the value. */
  value: <T = unknown>(name: string, payload: unknown) => Promise<T>;
  close: () => Promise<void>;
};

export function startContractServer(
  options?: Omit<ContractServerOptions<OpenedApp>, 'host'>,
): Promise<ContractServer<OpenedApp>>;
export function startContractServer<A extends HostedApi>(
  options: ContractServerOptions<A> & { host: (dataDir: string) => Promise<A> },
): Promise<ContractServer<A>>;
export async function startContractServer(
  options: ContractServerOptions<HostedApi> = {},
): Promise<ContractServer<HostedApi>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), options.prefix ?? 'dossier-contract-'));
  const dataDir = path.join(dir, 'data');
  const rendererDir = path.join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Dossier</title>');
  await options.prepare?.({ dir, dataDir });
  const app = await (options.host ?? ((d: string) => openApp(d, 'browser')))(dataDir);
  const server = await startWebServer({ api: app.api, rendererDir }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  const base = `http://127.0.0.1:${server.port}`;
  const auth = () => ({ Authorization: `Bearer ${server.token}` });

  async function call<T = unknown>(
    name: string,
    payload: unknown,
    { token = server.token }: CallOptions = {},
  ): Promise<CallResult<T>> {
    const res = await fetch(`${base}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    const json = (await res.json()) as { ok: boolean; value?: T; error?: ApiError };
    return { status: res.status, ...json };
  }

  async function value<T = unknown>(name: string, payload: unknown): Promise<T> {
    const r = await call<T>(name, payload);
    expect(r, `${name} answered`).toMatchObject({ status: 200, ok: true });
    return r.value as T;
  }

  async function close() {
    await server.close();
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }

  return { dir, dataDir, app, server, base, token: server.token, auth, call, value, close };
}

/**
 * Starts the server before the file's tests and closes it after them. The returned object reads through to
 * the running server, so a test file keeps it in a const and destructures `call`/`auth` freely.
 */
export function useContractServer(
  options?: Omit<ContractServerOptions<OpenedApp>, 'host'>,
): ContractServer<OpenedApp>;
export function useContractServer<A extends HostedApi>(
  options: ContractServerOptions<A> & { host: (dataDir: string) => Promise<A> },
): ContractServer<A>;
export function useContractServer(options: ContractServerOptions<HostedApi> = {}): ContractServer<HostedApi> {
  let started: ContractServer<HostedApi> | undefined;
  const get = () => {
    if (!started) throw new Error('The contract server runs only inside the tests of its file');
    return started;
  };
  beforeAll(async () => {
    started = await startContractServer(options);
  }, options.timeout);
  afterAll(async () => {
    await started?.close();
  });
  return {
    get dir() {
      return get().dir;
    },
    get dataDir() {
      return get().dataDir;
    },
    get app() {
      return get().app;
    },
    get server() {
      return get().server;
    },
    get base() {
      return get().base;
    },
    get token() {
      return get().token;
    },
    auth: () => get().auth(),
    call: (name, payload, callOptions) => get().call(name, payload, callOptions),
    value: (name, payload) => get().value(name, payload),
    close: () => get().close(),
  };
}
