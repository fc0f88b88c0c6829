import { useQuery } from '@tanstack/react-query';
import { useAppInfo, useSavedSearches, useSavedSearchMutations, useTags, useTopics } from '../../api/queries';
import { useClient } from '../../api/client-context';
import { useUi } from '../../state/ui-state';
import { TagTree } from '../tags/TagTree';
import { LockBadge } from '../protection/LockBadge';

/** Topics with note counts, the inbox, and the tag tree. */
export function Sidebar() {
  const { state, dispatch } = useUi();
  const topics = useTopics();
  const tags = useTags();
  const info = useAppInfo();
  const saved = useSavedSearches();
  const { remove } = useSavedSearchMutations();
  const client = useClient();
  // Under ['notes', 'list'] so every note change (delete, restore, empty) refreshes it.
  const trashCount = useQuery({
    queryKey: ['notes', 'list', 'trash-count'],
    queryFn: () => client.call('notes.list', { filter: { trash: true }, limit: 1 }),
    select: (r) => r.total,
  });
  const inboxCount = info.data
    ? info.data.noteCount - (topics.data ?? []).reduce((s, t) => s + t.noteCount, 0)
    : undefined;

  return (
    <nav className="sidebar" aria-label="Topics and tags">
      <h1 className="sidebar-brand">
        <span className="brand-mark" aria-hidden>
          ▤
        </span>{' '}
        Dossier
      </h1>
      <ul className="nav-list" aria-label="Notebooks">
        <li>
          <button
            type="button"
            className={state.topicId === null && !state.trash ? 'nav-item active' : 'nav-item'}
            onClick={() => dispatch({ type: 'topic', topicId: null })}
          >
            <span>All notes</span>
            <span className="count">{info.data?.noteCount ?? ''}</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            className={state.topicId === 'inbox' ? 'nav-item active' : 'nav-item'}
            onClick={() => dispatch({ type: 'topic', topicId: 'inbox' })}
          >
            <span>Inbox</span>
            <span className="count">{inboxCount ?? ''}</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            className={state.trash ? 'nav-item active' : 'nav-item'}
            onClick={() => dispatch({ type: 'trash', on: true })}
          >
            <span>Trash</span>
            <span className="count" data-testid="trash-nav-count">
              {trashCount.data || ''}
            </span>
          </button>
        </li>
      </ul>

      <div className="sidebar-heading">
        <span>Topics</span>
        <button
          type="button"
          className="icon-button"
          aria-label="New topic"
          title="New topic"
          onClick={() => dispatch({ type: 'dialog', dialog: { kind: 'topic', topicId: null } })}
        >
          +
        </button>
      </div>
      <ul className="nav-list" aria-label="Topics" data-testid="topic-list">
        {(topics.data ?? []).map((t) => (
          <li key={t.id}>
            <button
              type="button"
              className={state.topicId === t.id ? 'nav-item active' : 'nav-item'}
              onClick={() => dispatch({ type: 'topic', topicId: t.id })}
              onDoubleClick={() => dispatch({ type: 'dialog', dialog: { kind: 'topic', topicId: t.id } })}
              title={`${t.name}\n${t.partners.join('; ')}\nStatus: ${t.status}`}
            >
              <span className={`status-dot status-${t.status}`} aria-label={t.status} />
              <span className="nav-label">{t.name}</span>
              <span className="count">{t.noteCount}</span>
            </button>
          </li>
        ))}
        {topics.data?.length === 0 && <li className="muted small pad">No topics yet.</li>}
      </ul>

      {(saved.data?.length ?? 0) > 0 && (
        <>
          <div className="sidebar-heading">
            <span>Saved searches</span>
          </div>
          <ul className="nav-list" aria-label="Saved searches" data-testid="saved-searches">
            {saved.data!.map((s) => (
              <li key={s.id} className="saved-search">
                <button
                  type="button"
                  className={
                    state.text === s.query && !state.topicId && !state.tags.length
                      ? 'nav-item active'
                      : 'nav-item'
                  }
                  title={s.query}
                  onClick={() => dispatch({ type: 'runSearch', text: s.query })}
                >
                  <span className="nav-label">⌕ {s.name}</span>
                </button>
                <button
                  type="button"
                  className="remove"
                  aria-label={`Edit saved search ${s.name}`}
                  title="Rename or change the query"
                  onClick={() =>
                    dispatch({ type: 'dialog', dialog: { kind: 'saveSearch', query: s.query, id: s.id } })
                  }
                >
                  ✎
                </button>
                <button
                  type="button"
                  className="remove"
                  aria-label={`Delete saved search ${s.name}`}
                  onClick={() => remove.mutate(s.id)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </>
      )}

      <div className="sidebar-heading">
        <span>Tags</span>
      </div>
      <div className="tag-tree-wrap" data-testid="tag-tree">
        {tags.data && tags.data.tree.length > 0 ? (
          <TagTree
            nodes={tags.data.tree}
            selected={state.tags}
            onToggle={(tag) => dispatch({ type: 'toggleTag', tag })}
            onManage={(tag) => dispatch({ type: 'dialog', dialog: { kind: 'tag', tag } })}
          />
        ) : (
          <p className="muted small pad">Tags you add to notes appear here.</p>
        )}
      </div>
      <div className="sidebar-footer">
        <button
          type="button"
          className="link-button light"
          onClick={() => dispatch({ type: 'dialog', dialog: { kind: 'backups' } })}
        >
          Backups…
        </button>
        <LockBadge />
      </div>
    </nav>
  );
}
