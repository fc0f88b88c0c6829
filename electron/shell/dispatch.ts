import type { CallName, DossierApi } from '../contract/index.js';
import { contract, isCallName } from '../contract/index.js';
import { DossierError, toErrorPayload, type Result } from '../domain/errors.js';

// Validation at the boundary: every shell (IPC, HTTP, worker, CLI) sends calls through dispatch, which checks the
// name and the input against the contract (zod, from unknown) before the core's handler runs.

/**
 * The one entry point every shell uses: validates the call name and input from `unknown`,
 * runs the handler and returns a Result. Never throws.
 */
export async function dispatch(api: DossierApi, name: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_CALL', message: `Unknown call: ${String(name).slice(0, 80)}` },
    };
  }
  const parsed = contract[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: `Invalid input for ${name}${where}: ${issue?.message ?? 'invalid'}`,
      },
    };
  }
  try {
    const handler = api[name] as (i: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}

/** Convenience for shells that need a throw-style call (CLI). */
export async function call<K extends CallName>(
  api: DossierApi,
  name: K,
  input: unknown,
): Promise<Awaited<ReturnType<DossierApi[K]>>> {
  const r = await dispatch(api, name, input);
  if (!r.ok) throw new DossierError(r.error.code, r.error.message, r.error.details);
  return r.value as Awaited<ReturnType<DossierApi[K]>>;
}
