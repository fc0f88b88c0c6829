import type { CallName, CallInput, CallResult, DossierApi } from '../../../electron/contract/index';
import type { ErrorPayload, Result } from '../../../electron/contract/index';

/** An error returned by the core, with its code, thrown to React Query callers. */
export class ApiError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
  }
  get code(): ErrorPayload['code'] {
    return this.payload.code;
  }
}

/** A way to send a contract call: IPC in Electron, HTTP in browser mode. */
export type Transport = {
  readonly mode: 'electron' | 'browser';
  send(name: CallName, input: unknown): Promise<Result<unknown>>;
  /** Native folder picker; only Electron has one. */
  pickFolder?: () => Promise<string | null>;
  /** Saves the page as a PDF (print stylesheet) and returns the file; only Electron. Browser mode prints. */
  printToPdf?: (title: string) => Promise<string | null>;
  /** Sends a file's bytes to be attached (browser: POST /files/upload; Electron: the preload bridge). */
  upload(file: Blob, name: string): Promise<Result<unknown>>;
  /** Lets the page load /files/… URLs (browser: renews the files cookie; Electron: nothing to do). */
  openFiles(): Promise<void>;
  /** Electron only: opens an attachment in the system's viewer (validated as ours by the shell). */
  openAttachment?: (id: string) => Promise<boolean>;
  /** Electron only: a save dialog; the chosen path goes to attachments.saveAs. */
  pickSavePath?: (name: string) => Promise<string | null>;
};

/** The one client the UI uses: typed per contract entry, independent of the transport. */
export type DossierClient = {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResult<K>>;
  readonly transport: Transport;
};

export function createClient(transport: Transport): DossierClient {
  return {
    transport,
    async call(name, input) {
      const r = await transport.send(name, input);
      if (!r.ok) throw new ApiError(r.error);
      return r.value as CallResult<typeof name>;
    },
  };
}

type PreloadBridge = {
  api: { [K in CallName]: (input: unknown) => Promise<Result<unknown>> };
  pickFolder: () => Promise<string | null>;
  printToPdf: (title: string) => Promise<string | null>;
  attachBytes: (name: string, bytes: ArrayBuffer) => Promise<Result<unknown>>;
  openAttachment: (id: string) => Promise<boolean>;
  pickSavePath: (name: string) => Promise<string | null>;
};

/** IPC transport over the preload bridge (window.dossier). */
export function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    mode: 'electron',
    send: (name, input) => bridge.api[name](input),
    pickFolder: () => bridge.pickFolder(),
    printToPdf: (title) => bridge.printToPdf(title),
    upload: async (file, name) => bridge.attachBytes(name, await file.arrayBuffer()),
    openFiles: async () => undefined,
    openAttachment: (id) => bridge.openAttachment(id),
    pickSavePath: (name) => bridge.pickSavePath(name),
  };
}

const unreachable: Result<never> = {
  ok: false,
  error: { code: 'IO_ERROR', message: 'Dossier is not reachable. Is `npm run web` still running?' },
};

/** HTTP transport for browser mode: POST /api/<call> with the per-launch token. */
export function httpTransport(token: string, baseUrl = ''): Transport {
  return {
    mode: 'browser',
    async upload(file, name) {
      try {
        const res = await fetch(`${baseUrl}/files/upload?name=${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${token}` },
          body: file,
        });
        return (await res.json()) as Result<unknown>;
      } catch {
        return unreachable;
      }
    },
    async openFiles() {
      // Sets the short-lived files cookie (see electron/web/attachment-routes.ts); the token stays out of URLs.
      await fetch(`${baseUrl}/files/session`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      }).catch(() => undefined);
    },
    async send(name, input) {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return {
          ok: false,
          error: { code: 'IO_ERROR', message: 'Dossier is not reachable. Is `npm run web` still running?' },
        };
      }
      try {
        return (await res.json()) as Result<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `Unexpected answer from Dossier (HTTP ${res.status}).` },
        };
      }
    },
  };
}

/** Picks the transport for this window: the preload bridge if present, else the token from the URL. */
export function detectTransport(win: Window & { dossier?: PreloadBridge }): Transport | { error: string } {
  if (win.dossier) return ipcTransport(win.dossier);
  const fromHash = new URLSearchParams(win.location.hash.slice(1)).get('token');
  if (fromHash) {
    win.sessionStorage.setItem('dossier-token', fromHash);
    // Keep the token out of the address bar and history.
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const token = fromHash ?? win.sessionStorage.getItem('dossier-token');
  if (!token)
    return { error: 'This page needs the address printed by `npm run web` (it carries a one-time token).' };
  return httpTransport(token);
}

export type { DossierApi };
