import type { ReactNode } from 'react';
import { Modal } from '../../ui/Modal';
import { DESKTOP_SHORTCUTS } from './shortcuts';

const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/**
 * Every keyboard shortcut in one place (press ? to open), as it works where the app runs: browsers keep
 * Ctrl+N, Ctrl+T and Ctrl+W for themselves, so browser mode lists Alt+N for a new note.
 */
export function shortcutsFor(mode: 'electron' | 'browser' | 'cli'): [string, string][] {
  return [
    [mode === 'electron' ? `${MOD}+N or Alt+N` : 'Alt+N', 'New note (caret in the title)'],
    [`${MOD}+F (outside the note text) or /`, 'Focus search'],
    ['Alt+↓ / Alt+↑ (or j / k)', 'Next / previous note'],
    [`${MOD}+Shift+Backspace, or Delete in the list (outside text fields)`, 'Delete note (undoable)'],
    [`${MOD}+Backspace (in text)`, 'Delete the previous word, as everywhere'],
    [`${MOD}+Z (outside text fields)`, 'Undo the last delete, tag change, import or restore'],
    [`${MOD}+E`, 'Export…'],
    [`${MOD}+O`, 'Import markdown…'],
    ['Alt+A', 'Attach files to the open note (or paste / drop them into the text)'],
    [`${MOD}+F (in the note text)`, 'Find and replace in this note'],
    [`${MOD}+B / ${MOD}+I / ${MOD}+K`, 'Bold / italic / link'],
    [`${MOD}+Alt+1 … 3, ${MOD}+Alt+0`, 'Heading level / plain paragraph'],
    ['Tab / Shift+Tab (in a list)', 'Nest / un-nest list items; Enter continues the list'],
    ['Esc, then Tab', 'Leave the note text with the keyboard'],
    ['#', 'Complete a tag in the note text'],
    [`${MOD}+Shift+L`, 'Lock the notebook now (when protected with a passphrase)'],
    ['Esc', 'Clear search / close dialog'],
    ['?', 'This help'],
  ];
}

/** The search box's query language, as the parser reads it (see electron/core/search/query.ts). */
const SEARCH_SYNTAX: [string, string][] = [
  ['radar seek', 'notes with words starting with both (case and accents ignored)'],
  ['"signal processing"', 'exact phrase'],
  ['radar OR sonar, ( … )', 'either; group'],
  ['-draft, -tag:status/done', 'exclude'],
  ['tag:partner/kaist, tag:partner/*', 'tag with its nested tags; only nested'],
  ['topic:"Seeker", partner:kaist, status:active', 'by the note’s topic'],
  ['created:>=2025-01-01, updated:<30d', 'dates (d, w, m, y ago)'],
  ['title:radar, pinned:yes, in:trash', 'title words, pinned, trash'],
  ['file:report, in:files radar', 'attachment names; words inside attached PDFs and text files'],
];

/** Two columns: what to type (styled by `cell`) and what it does. */
function HelpTable({ rows, cell }: { rows: [string, string][]; cell: (what: string) => ReactNode }) {
  return (
    <table className="shortcuts">
      <tbody>
        {rows.map(([what, does]) => (
          <tr key={what}>
            <td>{cell(what)}</td>
            <td>{does}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ShortcutHelp({
  onClose,
  mode,
}: {
  onClose: () => void;
  mode: 'electron' | 'browser' | 'cli';
}) {
  return (
    <Modal title="Keyboard shortcuts and search" onClose={onClose} testId="shortcut-help">
      <HelpTable rows={[...shortcutsFor(mode), ...DESKTOP_SHORTCUTS]} cell={(k) => <kbd>{k}</kbd>} />
      <h3>Search</h3>
      <HelpTable rows={SEARCH_SYNTAX} cell={(q) => <code>{q}</code>} />
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
