import { forwardRef } from 'react';
import type { NoteSort, QueryHint } from '../../../../electron/contract/index';
import { useTopics } from '../../api/queries';
import { useUi } from '../../state/ui-state';

type Props = {
  total: number | undefined;
  /** the query as the parser read it (canonical syntax) */
  explained?: string | undefined;
  /** what it means, in words */
  meaning?: string | undefined;
  hints?: QueryHint[] | undefined;
  forText?: string | undefined;
};

/** Search box, sort, and the active filter as removable chips. */
export const FilterBar = forwardRef<HTMLInputElement, Props>(function FilterBar(
  { total, explained, meaning, hints, forText },
  searchRef,
) {
  const { state, dispatch } = useUi();
  const topics = useTopics();
  const topicName =
    state.topicId === 'inbox' ? 'Inbox' : topics.data?.find((t) => t.id === state.topicId)?.name;
  const active = Boolean(state.topicId || state.tags.length || state.text);

  return (
    <div className="filter-bar">
      <div className="search-row">
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder="Search notes…  ( / )"
          title={
            'Words match word starts; "exact phrase", -exclude, OR, ( ).\nFields: tag:partner/kaist  topic:"Seeker"  partner:kaist  status:active  pinned:yes\ncreated:>=2025-01-01  updated:<30d  title:radar  in:trash  file:report  in:files'
          }
          aria-label="Search notes"
          value={state.text}
          onChange={(e) => dispatch({ type: 'text', text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              dispatch({ type: 'text', text: '' });
              (e.target as HTMLInputElement).blur();
            }
          }}
        />
        <select
          aria-label="Sort notes"
          value={state.sort}
          onChange={(e) => dispatch({ type: 'sort', sort: e.target.value as NoteSort })}
        >
          <option value="relevance">Best match</option>
          <option value="updated">Last updated</option>
          <option value="created">Created</option>
          <option value="title">Title</option>
        </select>
      </div>
      {active && (
        <div className="active-filter" data-testid="active-filter" aria-label="Active filter">
          {topicName && (
            <span className="chip">
              Topic: {topicName}
              <button
                type="button"
                aria-label="Remove topic filter"
                onClick={() => dispatch({ type: 'topic', topicId: null })}
              >
                ×
              </button>
            </span>
          )}
          {state.tags.map((t) => (
            <span className="chip tag" key={t}>
              #{t}
              <button
                type="button"
                aria-label={`Remove tag filter ${t}`}
                onClick={() => dispatch({ type: 'removeTag', tag: t })}
              >
                ×
              </button>
            </span>
          ))}
          {state.text && (
            <span className="chip">
              “{state.text}”
              <button
                type="button"
                aria-label="Clear search text"
                onClick={() => dispatch({ type: 'text', text: '' })}
              >
                ×
              </button>
            </span>
          )}
          <button type="button" className="link-button" onClick={() => dispatch({ type: 'clearFilters' })}>
            Clear all
          </button>
        </div>
      )}
      <div
        className="result-count muted small"
        aria-live="polite"
        data-testid="result-count"
        data-for={forText}
      >
        {total === undefined ? '…' : `${total} note${total === 1 ? '' : 's'}`}
        {explained ? (
          <>
            {' · read as: '}
            <span
              className="query-meaning"
              data-testid="query-explained"
              data-query={explained}
              title={explained}
            >
              {meaning ?? explained}
            </span>
          </>
        ) : (
          ''
        )}
        {state.text.trim() && (
          <button
            type="button"
            className="link-button"
            onClick={() =>
              dispatch({ type: 'dialog', dialog: { kind: 'saveSearch', query: state.text.trim() } })
            }
          >
            Save search…
          </button>
        )}
      </div>
      {state.text.trim() && hints && hints.length > 0 && (
        <ul className="query-hints" data-testid="query-hints">
          {hints.map((h) => (
            <li key={h.message}>
              {h.message}
              {h.fix && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => dispatch({ type: 'text', text: h.fix! })}
                  title={`Search for ${h.fix}`}
                >
                  Use “{h.fix}”
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
