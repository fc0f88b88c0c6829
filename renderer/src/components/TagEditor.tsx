import { useId, useState } from 'react';
import { useClient } from '../api/client-context';
import { ApiError } from '../api/client';
import { useTags } from '../api/queries';

type Props = { tags: string[]; onChange: (tags: string[]) => void };

/** Tag chips plus an input with autocomplete from existing tags; illegal tags show the core's reason. */
export function TagEditor({ tags, onChange }: Props) {
  const client = useClient();
  const all = useTags();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const suggestions = draft.trim()
    ? (all.data?.all ?? [])
        .map((t) => t.tag)
        .filter((t) => t.includes(draft.trim().toLowerCase()) && !tags.includes(t))
        .slice(0, 8)
    : [];

  async function add(raw: string): Promise<void> {
    if (!raw.trim()) return;
    try {
      const { tag } = await client.call('tags.check', { tag: raw });
      if (!tags.includes(tag)) onChange([...tags, tag].sort());
      setDraft('');
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
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
          setDraft(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            void add(draft);
          } else if (e.key === 'Backspace' && !draft && tags.length) {
            onChange(tags.slice(0, -1));
          }
        }}
        onBlur={() => {
          if (draft.trim()) void add(draft);
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
