import { useEffect, useId, useRef, useState, type ClipboardEvent } from 'react';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { useTags } from '../../api/queries';

type Props = { tags: string[]; onChange: (tags: string[]) => void };

/** Commas, semicolons and line breaks end a tag (typed or pasted). */
const SEPARATOR = /[,;\n\r]+/;

/**
 * Tag chips plus an input with autocomplete from existing tags; illegal tags show the core's reason.
 * A separator moves the typed text out of the box at once (checking it with the core is async), so fast
 * typing can never glue the next tag onto the previous one; checks run in order against the latest tags.
 */
export function TagEditor({ tags, onChange }: Props) {
  const client = useClient();
  const all = useTags();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const latest = useRef({ tags, onChange });
  useEffect(() => {
    latest.current = { tags, onChange };
  });
  const queue = useRef<Promise<void>>(Promise.resolve());
  const suggestions = draft.trim()
    ? (all.data?.all ?? [])
        .map((t) => t.tag)
        .filter((t) => t.includes(draft.trim().toLowerCase()) && !tags.includes(t))
        .slice(0, 8)
    : [];

  function add(raws: string[]): void {
    const items = raws.map((r) => r.trim()).filter(Boolean);
    if (items.length === 0) return;
    queue.current = queue.current.then(async () => {
      const added: string[] = [];
      const refused: string[] = [];
      const reasons: string[] = [];
      for (const raw of items) {
        try {
          added.push((await client.call('tags.check', { tag: raw })).tag);
        } catch (err) {
          refused.push(raw);
          reasons.push(err instanceof ApiError ? err.message : String(err));
        }
      }
      const current = latest.current.tags;
      const next = [...new Set([...current, ...added])].sort();
      if (next.length !== current.length) {
        latest.current = { ...latest.current, tags: next };
        latest.current.onChange(next);
      }
      // A refused tag goes back into the box, in front of anything typed since, so nothing is lost.
      if (refused.length) setDraft((d) => [...refused, d].filter((s) => s.trim()).join(', '));
      setError(reasons.length ? [...new Set(reasons)].join(' ') : null);
    });
  }

  function onPaste(e: ClipboardEvent<HTMLInputElement>): void {
    const text = e.clipboardData.getData('text');
    if (!SEPARATOR.test(text)) return;
    e.preventDefault();
    const input = e.currentTarget;
    const combined =
      input.value.slice(0, input.selectionStart ?? input.value.length) +
      text +
      input.value.slice(input.selectionEnd ?? input.value.length);
    setDraft('');
    add(combined.split(SEPARATOR));
  }

  return (
    <div className="tag-editor">
      {tags.map((t) => (
        <span className="chip tag" key={t}>
          #{t}
          <button
            type="button"
            aria-label={`Remove tag ${t}`}
            onClick={() => onChange(tags.filter((x) => x !== t))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        className="tag-input"
        aria-label="Add tag"
        placeholder={tags.length ? 'Add tag…' : 'Add tags (e.g. partner/kaist)…'}
        list={listId}
        value={draft}
        onChange={(e) => {
          // Separators that arrive without a keydown (autocomplete, IME, drag and drop) still split.
          const parts = e.target.value.split(SEPARATOR);
          if (parts.length > 1) add(parts.slice(0, -1));
          setDraft(parts[parts.length - 1]!);
          setError(null);
        }}
        onPaste={onPaste}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',' || e.key === ';') {
            e.preventDefault();
            add([draft]);
            setDraft('');
          } else if (e.key === 'Backspace' && !draft && tags.length) {
            onChange(tags.slice(0, -1));
          }
        }}
        onBlur={() => {
          if (draft.trim()) {
            add([draft]);
            setDraft('');
          }
        }}
      />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
