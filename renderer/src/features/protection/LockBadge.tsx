import { useUi } from '../../state/ui-state';
import { useProtection } from './protection-gate';
import { LockIcon } from '../../ui/lock-icon';

const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Toolbar: Lock now, only when the notebook has a passphrase. */
export function LockButton() {
  const { status, lockNow } = useProtection();
  if (!status?.protected) return null;
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={`Lock now (${MOD}+Shift+L)`}
      title={`Lock now (${MOD}+Shift+L)`}
      data-testid="lock-now"
      onClick={() => void lockNow().catch(() => undefined)}
    >
      <LockIcon />
    </button>
  );
}

/**
 * Sidebar footer (the window's status area): a lock badge with the auto-lock setting when protected,
 * "Protection…" otherwise; both open the protection dialog.
 */
export function LockBadge() {
  const { status } = useProtection();
  const { dispatch } = useUi();
  const open = () => dispatch({ type: 'dialog', dialog: { kind: 'protection' } });
  if (!status?.protected)
    return (
      <button type="button" className="link-button light" onClick={open}>
        Protection…
      </button>
    );
  const auto =
    status.autoLockMinutes === null ? 'no auto-lock' : `locks after ${status.autoLockMinutes} min idle`;
  return (
    <button
      type="button"
      className="link-button light lock-badge"
      data-testid="lock-badge"
      title="Protection settings"
      onClick={open}
    >
      <LockIcon /> Protected · {auto}
    </button>
  );
}
