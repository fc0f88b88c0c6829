import { Modal } from './Modal';

const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Every keyboard shortcut in one place (press ? to open). */
export const SHORTCUTS: [string, string][] = [
  [`${MOD}+N`, 'New note'],
  [`${MOD}+F or /`, 'Focus search'],
  ['Alt+↓ / Alt+↑ (or j / k)', 'Next / previous note'],
  [`${MOD}+Backspace`, 'Delete note (undoable)'],
  [`${MOD}+Z (outside text fields)`, 'Undo last delete'],
  [`${MOD}+E`, 'Export…'],
  ['Esc', 'Clear search / close dialog'],
  ['?', 'This help'],
];

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="shortcut-help">
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([k, d]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{d}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
