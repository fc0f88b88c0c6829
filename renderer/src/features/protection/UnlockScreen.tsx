import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProtectionStatus } from '../../../../electron/contract/index';
import { ApiError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { LockIcon } from '../../ui/lock-icon';
import { SecretField } from './secret-field';

/** What a refused unlock says: plain words for the expected cases, the host's message otherwise. */
export function unlockErrorText(err: unknown, withRecoveryKey: boolean): string {
  if (err instanceof ApiError && err.code === 'WRONG_PASSPHRASE')
    return withRecoveryKey
      ? 'That recovery key is not right. Check it and try again.'
      : 'Wrong passphrase. Try again (it is case-sensitive).';
  if (err instanceof ApiError && err.code === 'DATA_TAMPERED')
    return `The notebook's files are damaged or were changed: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * The only thing shown while the notebook is locked: the passphrase (or the recovery key), nothing of the
 * notes. Enter submits; the key derivation takes about half a second, shown as busy.
 */
export function UnlockScreen({ onUnlocked }: { onUnlocked: (s: ProtectionStatus) => void }) {
  const client = useClient();
  const [useKey, setUseKey] = useState(false);
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    field.current?.focus();
  }, [useKey]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!secret || busy) return;
    setBusy(true);
    setError(null);
    try {
      const s = await client.call(
        'protection.unlock',
        useKey ? { recoveryKey: secret.trim() } : { passphrase: secret },
      );
      setSecret('');
      onUnlocked(s);
    } catch (err) {
      setError(unlockErrorText(err, useKey));
      setBusy(false);
      requestAnimationFrame(() => field.current?.select());
    }
  }

  const label = useKey ? 'Recovery key' : 'Passphrase';
  return (
    <main className="unlock-screen" data-testid="unlock-screen">
      <form className="unlock-card" onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <h1>
          <LockIcon /> This notebook is locked
        </h1>
        <p className="muted">
          {useKey
            ? 'Enter the recovery key you stored when protection was turned on.'
            : 'Enter the passphrase to open your notes.'}
        </p>
        <SecretField
          id="unlock-secret"
          ref={field}
          className="unlock-field"
          label={label}
          value={secret}
          onChange={setSecret}
          autoComplete={useKey ? 'off' : 'current-password'}
          disabled={busy}
          invalid={Boolean(error)}
          describedBy={error ? 'unlock-error' : undefined}
        />
        {error && (
          <p className="field-error" role="alert" id="unlock-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button
            type="button"
            className="link-button"
            disabled={busy}
            onClick={() => {
              setUseKey((v) => !v);
              setSecret('');
              setError(null);
            }}
          >
            {useKey ? 'Use the passphrase instead' : 'Use recovery key instead'}
          </button>
          <span className="spacer" />
          <button type="submit" className="button primary" disabled={busy || !secret}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
        </div>
        {busy && (
          <p className="muted small" role="status">
            Deriving the key…
          </p>
        )}
        <p className="unlock-warning">
          If you lost both the passphrase and the recovery key, the notes cannot be recovered.
        </p>
      </form>
    </main>
  );
}
