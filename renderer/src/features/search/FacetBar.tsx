import type { Facets } from '../../../../electron/contract/index';
import { useTopics } from '../../api/queries';
import { useUi } from '../../state/ui-state';
import { MarkingBadge } from '../markings/MarkingBadge';

/** Counts of tags, topics and partners in the current results; a click narrows the results to one. */
export function FacetBar({ facets }: { facets: Facets | undefined }) {
  const { state, dispatch } = useUi();
  const topics = useTopics();
  if (!facets || (facets.tags.length === 0 && facets.partners.length === 0)) return null;
  const name = new Map((topics.data ?? []).map((t) => [t.id, t.name]));
  const addToQuery = (term: string) =>
    dispatch({ type: 'text', text: `${state.text.trim()} ${term}`.trim() });
  const quote = (v: string) => (/\s/.test(v) ? `"${v}"` : v);
  return (
    <div className="facets small" data-testid="facets" aria-label="Refine results">
      {facets.tags
        .filter((t) => !state.tags.includes(t.tag))
        .slice(0, 10)
        .map((t) => (
          <button
            type="button"
            key={t.tag}
            className="facet"
            onClick={() => dispatch({ type: 'toggleTag', tag: t.tag })}
            title={`Only notes tagged ${t.tag}`}
          >
            #{t.tag} <span className="count">{t.count}</span>
          </button>
        ))}
      {!state.topicId &&
        facets.topics.slice(0, 4).map((t) => (
          <button
            type="button"
            key={t.topicId}
            className="facet topic"
            onClick={() => dispatch({ type: 'topic', topicId: t.topicId })}
          >
            {name.get(t.topicId) ?? 'Topic'} <span className="count">{t.count}</span>
          </button>
        ))}
      {facets.markings
        .filter((m) => m.count > 0)
        .map((m) => (
          <button
            type="button"
            key={`marking-${m.level}`}
            className="facet marking"
            onClick={() => addToQuery(`marking:${quote(m.level.toLowerCase())}`)}
            title={`Only notes marked ${m.level}`}
          >
            <MarkingBadge level={m.level} colour={m.colour} /> <span className="count">{m.count}</span>
          </button>
        ))}
      {facets.partners.slice(0, 5).map((p) => (
        <button
          type="button"
          key={p.partner}
          className="facet partner"
          onClick={() => addToQuery(`partner:${quote(p.partner)}`)}
        >
          {p.partner} <span className="count">{p.count}</span>
        </button>
      ))}
    </div>
  );
}
