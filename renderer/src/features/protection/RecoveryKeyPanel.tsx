import { useState } from 'react';

/** Offers `text` as a downloaded file (browser download; Electron saves it the same way). */
function saveAsText(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The URL holds the key: revoked as soon as the download has it.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * The recovery key, shown once: Copy, Save as text, and a required "I have stored it" before Done.
 * The parent blocks Escape and the backdrop until `stored` is true.
 */
export function RecoveryKeyPanel({
  recoveryKey,
  stored,
  onStored,
  onDone,
}: {
  recoveryKey: string;
  stored: boolean;
  onStored: (v: boolean) => void;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div className="recovery-key-panel" data-testid="recovery-key-panel">
      <p>
        This is your recovery key. It opens the notebook if you forget the passphrase.{' '}
        <strong>It is shown only now.</strong> Store it somewhere safe, away from this computer (a password
        manager, or printed and locked away).
      </p>
      <label htmlFor="recovery-key">Recovery key</label>
      <input
        id="recovery-key"
        className="recovery-key"
        readOnly
        value={recoveryKey}
        spellCheck={false}
        onFocus={(e) => e.target.select()}
      />
      <div className="dialog-actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            void navigator.clipboard.writeText(recoveryKey).then(
              () => setCopied('Copied to the clipboard.'),
              () => setCopied('Could not copy: select the key and copy it yourself.'),
            )
          }
        >
          Copy
        </button>
        <button
          type="button"
          className="button"
          onClick={() =>
            saveAsText(
              `Dossier recovery key\n\n${recoveryKey}\n\nIt opens the notebook if the passphrase is lost. Keep it away from the computer.\n`,
              'dossier-recovery-key.txt',
            )
          }
        >
          Save as text…
        </button>
        <span className="muted small" role="status">
          {copied}
        </span>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={stored} onChange={(e) => onStored(e.target.checked)} /> I have stored
        the recovery key
      </label>
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button primary" disabled={!stored} onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
