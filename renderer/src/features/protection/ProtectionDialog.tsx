import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useClient } from '../../api/client-context';
import { Modal } from '../../ui/Modal';
import { FieldError } from '../../ui/FieldError';
import { unlockErrorText } from './UnlockScreen';
import { RecoveryKeyPanel } from './RecoveryKeyPanel';
import { SecretField } from './secret-field';
import { passphraseProblem, passphraseStrength } from './strength';
import { AUTO_LOCK_CHOICES, autoLockLabel } from './idle';
import { useProtection } from './protection-gate';
import { LockIcon } from '../../ui/lock-icon';

type View = 'main' | 'change' | 'newKey' | 'off' | { recoveryKey: string; sealed?: number };

/** Passphrase twice with the length hint; `problem` says why it cannot be used yet. */
function NewPassphrase({
  first,
  second,
  setFirst,
  setSecond,
  label = 'Passphrase',
}: {
  first: string;
  second: string;
  setFirst: (v: string) => void;
  setSecond: (v: string) => void;
  label?: string;
}) {
  const hintId = useId();
  const strength = passphraseStrength(first);
  return (
    <>
      <SecretField
        label={label}
        value={first}
        onChange={setFirst}
        autoComplete="new-password"
        describedBy={hintId}
        autoFocus
      />
      <p id={hintId} className={`strength strength-${strength.level} small`} aria-live="polite">
        {first ? strength.text : 'A sentence of several words is long and easy to remember.'}
      </p>
      <SecretField
        label={`Repeat the ${label.toLowerCase()}`}
        value={second}
        onChange={setSecond}
        autoComplete="new-password"
      />
    </>
  );
}

/** Busy line for a call that can take seconds (re-sealing every file of a big notebook). */
function Working({ text }: { text: string }) {
  return (
    <div className="protection-progress" role="status">
      <progress aria-label={text} />
      <span>{text}</span>
    </div>
  );
}

/**
 * Settings → Protection: turn on "Protect with a passphrase" (with a one-time recovery key), or for a protected
 * notebook: auto-lock, lock now, change the passphrase, a new recovery key, turn protection off.
 */
export function ProtectionDialog({ onClose }: { onClose: () => void }) {
  const client = useClient();
  const { status, setStatus, lockNow } = useProtection();
  const [view, setView] = useState<View>('main');
  const [stored, setStored] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [current, setCurrent] = useState('');
  const [currentIsKey, setCurrentIsKey] = useState(false);
  const [withKey, setWithKey] = useState(true);
  const [done, setDone] = useState<string | null>(null);

  const showingKey = typeof view === 'object';
  // The key is shown once: the dialog stays until the user says it is stored.
  const close = () => {
    if (showingKey && !stored) return;
    onClose();
  };
  const go = (v: View) => {
    setView(v);
    setError(null);
    setDone(null);
    setFirst('');
    setSecond('');
    setCurrent('');
    setCurrentIsKey(false);
  };

  async function run<T>(label: string, call: () => Promise<T>, then: (r: T) => void) {
    setBusy(label);
    setError(null);
    try {
      then(await call());
    } catch (err) {
      setError(unlockErrorText(err, currentIsKey));
    } finally {
      setBusy(null);
    }
  }

  function enable(e: FormEvent) {
    e.preventDefault();
    const problem = passphraseProblem(first, second);
    if (problem) return setError(problem);
    void run(
      'Encrypting every file of the notebook…',
      () => client.call('protection.enable', { passphrase: first, recoveryKey: withKey }),
      (r) => {
        setStatus(r.status);
        if (r.recoveryKey) {
          go({ recoveryKey: r.recoveryKey, sealed: r.sealed });
        } else {
          go('main');
          setDone(`Protected: ${r.sealed} file${r.sealed === 1 ? '' : 's'} encrypted.`);
        }
      },
    );
  }

  function change(e: FormEvent) {
    e.preventDefault();
    const problem = passphraseProblem(first, second);
    if (!current) return setError('Enter the current passphrase.');
    if (problem) return setError(problem);
    void run(
      'Changing the passphrase…',
      () =>
        client.call('protection.changePassphrase', {
          current: currentIsKey ? { recoveryKey: current.trim() } : { passphrase: current },
          next: first,
        }),
      (s) => {
        setStatus(s);
        go('main');
        setDone('Passphrase changed. Use the new one from now on.');
      },
    );
  }

  function newKey(e: FormEvent) {
    e.preventDefault();
    if (!current) return setError('Enter the passphrase.');
    void run(
      'Making a new recovery key…',
      () => client.call('protection.newRecoveryKey', { passphrase: current }),
      (r) => {
        go({ recoveryKey: r.recoveryKey });
        void client.call('protection.status', {}).then(setStatus, () => undefined);
      },
    );
  }

  function turnOff(e: FormEvent) {
    e.preventDefault();
    if (!current) return setError('Enter the passphrase.');
    void run(
      'Writing every file in plain text again…',
      () => client.call('protection.disable', { passphrase: current }),
      (s) => {
        setStatus(s);
        go('main');
        setDone('Protection is off. The notebook’s files are in plain text again.');
      },
    );
  }

  function setAutoLock(minutes: number | null) {
    void run(
      'Saving…',
      () => client.call('protection.setAutoLock', { minutes }),
      (s) => setStatus(s),
    );
  }

  let body: ReactNode;
  if (typeof view === 'object') {
    body = (
      <>
        {view.sealed !== undefined && (
          <p role="status">
            The notebook is protected: {view.sealed} file{view.sealed === 1 ? '' : 's'} encrypted.
          </p>
        )}
        <RecoveryKeyPanel
          recoveryKey={view.recoveryKey}
          stored={stored}
          onStored={setStored}
          onDone={() => {
            setStored(false);
            go('main');
            onClose();
          }}
        />
      </>
    );
  } else if (!status?.protected) {
    body = (
      <form onSubmit={enable} data-testid="protect-form">
        <h3>Protect with a passphrase</h3>
        <p>
          Every file of this notebook (notes, journal, backups, history, search index, attachments) is
          encrypted with a key only this passphrase opens. Files written before are encrypted too, or removed
          where they are only caches.
        </p>
        <NewPassphrase first={first} second={second} setFirst={setFirst} setSecond={setSecond} />
        <label className="checkbox">
          <input type="checkbox" checked={withKey} onChange={(e) => setWithKey(e.target.checked)} /> Create a
          recovery key (recommended)
        </label>
        <p className="protection-warning">
          If you lose the passphrase{withKey ? ' and the recovery key' : ''}, the notes cannot be recovered —
          not by you, not by anyone.
        </p>
        <FieldError message={error} />
        {busy && <Working text={busy} />}
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="button" className="button" onClick={close} disabled={Boolean(busy)}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={Boolean(busy)}>
            Protect notebook
          </button>
        </div>
      </form>
    );
  } else if (view === 'change') {
    body = (
      <form onSubmit={change} data-testid="change-passphrase-form">
        <h3>Change the passphrase</h3>
        <SecretField
          label={currentIsKey ? 'Recovery key' : 'Current passphrase'}
          value={current}
          onChange={setCurrent}
          autoComplete={currentIsKey ? 'off' : 'current-password'}
          autoFocus
        />
        <button type="button" className="link-button" onClick={() => setCurrentIsKey((v) => !v)}>
          {currentIsKey ? 'Use the current passphrase instead' : 'Use the recovery key instead'}
        </button>
        <NewPassphrase
          first={first}
          second={second}
          setFirst={setFirst}
          setSecond={setSecond}
          label="New passphrase"
        />
        <p className="muted small">The notes are not rewritten: only the key that opens them changes.</p>
        <FieldError message={error} />
        {busy && <Working text={busy} />}
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="button" className="button" onClick={() => go('main')} disabled={Boolean(busy)}>
            Back
          </button>
          <button type="submit" className="button primary" disabled={Boolean(busy)}>
            Change passphrase
          </button>
        </div>
      </form>
    );
  } else if (view === 'newKey' || view === 'off') {
    const off = view === 'off';
    body = (
      <form onSubmit={off ? turnOff : newKey} data-testid={off ? 'unprotect-form' : 'new-key-form'}>
        <h3>{off ? 'Turn protection off' : 'New recovery key'}</h3>
        <p>
          {off
            ? 'Every file of this notebook will be written in plain text again: anyone who can read this computer’s disk can then read the notes.'
            : 'A new recovery key is made and shown once; the old one stops working.'}
        </p>
        <SecretField
          label="Passphrase"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
          autoFocus
        />
        <FieldError message={error} />
        {busy && <Working text={busy} />}
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="button" className="button" onClick={() => go('main')} disabled={Boolean(busy)}>
            Back
          </button>
          <button type="submit" className={off ? 'button danger' : 'button primary'} disabled={Boolean(busy)}>
            {off ? 'Turn protection off' : 'Make a new recovery key'}
          </button>
        </div>
      </form>
    );
  } else {
    const minutes = status.autoLockMinutes;
    const choices = AUTO_LOCK_CHOICES.includes(minutes) ? AUTO_LOCK_CHOICES : [...AUTO_LOCK_CHOICES, minutes];
    body = (
      <div data-testid="protection-settings">
        <p>
          <LockIcon /> This notebook is protected with a passphrase
          {status.hasRecoveryKey ? ' and a recovery key' : ' (no recovery key)'}.
          {status.state !== 'on' && ' An interrupted conversion finishes on the next unlock.'}
        </p>
        {status.kdf && (
          <p className="muted small">
            Key derivation: {status.kdf.name} (N = 2<sup>{status.kdf.log2N}</sup>, r = {status.kdf.r}, p ={' '}
            {status.kdf.p}).
          </p>
        )}
        <label htmlFor="auto-lock">Lock automatically</label>
        <select
          id="auto-lock"
          value={minutes === null ? '' : String(minutes)}
          disabled={Boolean(busy)}
          onChange={(e) => setAutoLock(e.target.value ? Number(e.target.value) : null)}
        >
          {choices.map((m) => (
            <option key={m ?? 'off'} value={m === null ? '' : String(m)}>
              {autoLockLabel(m)}
            </option>
          ))}
        </select>
        {done && <p role="status">{done}</p>}
        <FieldError message={error} />
        <div className="protection-actions">
          <button type="button" className="button" onClick={() => go('change')}>
            Change passphrase…
          </button>
          <button type="button" className="button" onClick={() => go('newKey')}>
            New recovery key…
          </button>
          <button type="button" className="button" onClick={() => go('off')}>
            Turn protection off…
          </button>
        </div>
        <div className="dialog-actions">
          <button
            type="button"
            className="button"
            onClick={() => {
              onClose();
              void lockNow().catch(() => undefined);
            }}
          >
            Lock now
          </button>
          <span className="spacer" />
          <button type="button" className="button primary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <Modal title="Protection" onClose={close} testId="protection-dialog">
      <div className="protection-dialog">
        {done && !status?.protected && view === 'main' && <p role="status">{done}</p>}
        {body}
      </div>
    </Modal>
  );
}
