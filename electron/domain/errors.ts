/** Error codes every shell (IPC, HTTP, CLI) can show or map to a status. */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNKNOWN_CALL'
  | 'UNAUTHORIZED'
  | 'SAVE_FAILED'
  | 'STORE_CORRUPT'
  | 'STORE_VERSION'
  | 'STORE_LOCKED'
  /** a commit would grow the notebook past its size budget (store/budget.ts) */
  | 'STORE_FULL'
  | 'IO_ERROR'
  /** an export holds notes above the notebook's confirmation level: ask, then send allowMarking */
  | 'CONFIRM_REQUIRED'
  | 'CANCELLED'
  /** a file over a size limit (attachments) */
  | 'TOO_LARGE'
  /** the notebook is protected with a passphrase and locked: unlock it first */
  | 'NOTEBOOK_LOCKED'
  /** the passphrase or recovery key does not open this notebook */
  | 'WRONG_PASSPHRASE'
  /** an encrypted file failed authentication: changed, cut short, or not from this notebook */
  | 'DATA_TAMPERED'
  | 'INTERNAL';

/** A failure meant for the user: a code for programs and a sentence for people. */
export class DossierError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DossierError';
  }
}

export type ErrorPayload = { code: ErrorCode; message: string; details?: Record<string, unknown> };

/** What crosses every process boundary: a value or a typed error, never a thrown exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** Turns anything thrown into a payload safe to send to the renderer. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof DossierError) {
    return err.details
      ? { code: err.code, message: err.message, details: err.details }
      : { code: err.code, message: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

/** Thrown by the blob store when a file is larger than the limit (the partial copy is removed). */
export class BlobTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`larger than ${limit} bytes`);
  }
}
