import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import fuzzysort, { type Result } from 'fuzzysort';
import type { NoteTitle } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import type { Command } from './commands';

type Item =
  | { kind: 'command'; key: string; command: Command; label: ReactNode }
  | { kind: 'note'; key: string; note: NoteTitle; label: ReactNode };

const MAX_NOTES = 50;

function marked(result: Result): ReactNode {
  return result.highlight((m, i) => <mark key={i}>{m}</mark>);
}

/** Commands, then notes, matching the text (all commands and the ten newest notes when it is empty). */
function matchItems(text: string, commands: Command[], notes: NoteTitle[]): Item[] {
  const q = text.trim();
  if (!q) {
    return [
      ...commands.map((c): Item => ({ kind: 'command', key: c.id, command: c, label: c.title })),
      ...notes.slice(0, 10).map((n): Item => ({ kind: 'note', key: n.id, note: n, label: n.title })),
    ];
  }
  // threshold 0: any in-order match counts ("kckff" finds "Kick-off"); the best scores come first.
  const cmd = fuzzysort.go(q, commands, { key: 'title', limit: 20, threshold: 0 });
  const found = fuzzysort.go(q, notes, { key: 'title', limit: MAX_NOTES, threshold: 0 });
  return [
    ...cmd.map((r): Item => ({ kind: 'command', key: r.obj.id, command: r.obj, label: marked(r) })),
    ...found.map((r): Item => ({ kind: 'note', key: r.obj.id, note: r.obj, label: marked(r) })),
  ];
}

/**
 * Ctrl/Cmd+K: every command and every note by title, matched fuzzily (fuzzysort: subsequence matching
 * with Sublime-style scoring, fast enough for tens of thousands of titles on each keystroke). A combobox
 * with a listbox popup (WAI-ARIA): ↑/↓, Home/End, PageUp/PageDown move, Enter runs, Esc closes.
 */
export function CommandPalette({
  commands,
  onOpenNote,
  onClose,
}: {
  commands: Command[];
  onOpenNote: (id: string) => void;
  onClose: () => void;
}) {
  const client = useClient();
  const titles = useQuery({
    queryKey: ['notes', 'titles'],
    queryFn: () => client.call('notes.titles', {}),
    refetchOnMount: 'always',
  });
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const listId = useId();
  const optionId = (i: number) => `${listId}-opt-${i}`;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    inputRef.current?.focus();
    // Give focus back to where it was (the editor, the list) when the palette closes.
    return () => before?.focus?.();
  }, []);

  // Matching tens of thousands of titles can take a frame or two: typing never waits for it.
  const query = useDeferredValue(text);
  const items = useMemo(() => matchItems(query, commands, titles.data ?? []), [query, commands, titles.data]);

  const current = Math.min(active, Math.max(0, items.length - 1));
  useEffect(() => {
    listRef.current?.querySelector(`#${CSS.escape(optionId(current))}`)?.scrollIntoView({ block: 'nearest' });
  });

  const choose = (item: Item | undefined) => {
    if (!item) return;
    onClose();
    if (item.kind === 'command') item.command.run();
    else onOpenNote(item.note.id);
  };

  const firstNote = items.findIndex((i) => i.kind === 'note');
  return (
    <div
      className="modal-backdrop palette-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="palette"
      >
        <input
          ref={inputRef}
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items.length ? optionId(current) : undefined}
          aria-label="Command or note title"
          placeholder="Type a command or a note title…"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            const last = items.length - 1;
            const moves: Record<string, number> = {
              ArrowDown: Math.min(last, current + 1),
              ArrowUp: Math.max(0, current - 1),
              PageDown: Math.min(last, current + 8),
              PageUp: Math.max(0, current - 8),
            };
            if (e.key in moves) setActive(moves[e.key]!);
            else if (e.key === 'Home' && e.ctrlKey) setActive(0);
            else if (e.key === 'End' && e.ctrlKey) setActive(last);
            // Enter before the deferred match caught up: match the text as typed now.
            else if (e.key === 'Enter')
              choose(query === text ? items[current] : matchItems(text, commands, titles.data ?? [])[0]);
            else if (e.key === 'Escape') onClose();
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
        <ul ref={listRef} id={listId} className="palette-list" role="listbox" aria-label="Commands and notes">
          {items.map((item, i) => (
            <li
              key={`${item.kind}:${item.key}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'palette-item active' : 'palette-item'}
              data-kind={item.kind}
              onMouseMove={() => i !== current && setActive(i)}
              onClick={() => choose(item)}
            >
              {i === firstNote && (
                <span className="palette-group" aria-hidden>
                  Notes
                </span>
              )}
              <span className="palette-label">{item.label}</span>
              {item.kind === 'command' && item.command.shortcut && (
                <kbd className="palette-kbd">{item.command.shortcut}</kbd>
              )}
            </li>
          ))}
          {items.length === 0 && (
            <li className="palette-empty muted" role="presentation">
              Nothing matches “{text.trim()}”.
            </li>
          )}
        </ul>
        <p className="palette-help muted small" aria-hidden>
          ↑↓ to move · Enter to run · Esc to close
        </p>
      </div>
    </div>
  );
}
