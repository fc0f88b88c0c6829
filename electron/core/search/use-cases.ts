import type { Note } from '../../domain/model.js';
import type { NoteFilter, NoteListResult, NoteSort, NoteSummary } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import { fileMatcher, fileSnippet } from '../attachments/file-search.js';
import { bannerText, markingOfNote, schemeOf, type EffectiveMarking } from '../markings/resolve.js';
import { makeSnippet } from '../notes/snippet.js';
import { searchNotes, searchesFiles } from './evaluate.js';

const DEFAULT_PAGE = 200;

/** The note list: filters and the query language over the text index, sorted and paged, with facets. */
export function searchUseCases(ctx: CoreContext) {
  return {
    listNotes(
      filter: NoteFilter,
      sort: NoteSort = 'updated',
      offset = 0,
      limit = DEFAULT_PAGE,
      facets = false,
    ): NoteListResult {
      const data = ctx.store.get();
      const r = searchNotes(data, ctx.index, filter, {
        sort,
        offset,
        limit,
        facets,
        now: ctx.clock().getTime(),
        files: fileMatcher(data, ctx.fileText),
        links: ctx.links,
      });
      const inFiles = searchesFiles(filter.text);
      const scheme = schemeOf(data);
      const items: NoteSummary[] = r.page.map((n) => {
        const summary = toSummary(n, r.terms, markingOfNote(data, n, scheme));
        // Found in an attachment: show the file and the passage instead of the note's opening.
        const fromFile = inFiles ? fileSnippet(data, n, ctx.fileText, r.terms) : null;
        return fromFile ? { ...summary, snippet: fromFile } : summary;
      });
      const result: NoteListResult = {
        total: r.total,
        offset,
        items,
        queryExplained: r.explained,
        queryMeaning: r.meaning,
        queryHints: r.hints,
        terms: r.terms,
      };
      if (r.facets) result.facets = r.facets;
      return result;
    },

    /** Makes the full-text index ready (from its cache, else built in slices); searches scan until it is. */
    startIndexing(): Promise<void> {
      return ctx.startIndexing();
    },
  };
}

/** The search use cases, as the composed core carries them. */
export type SearchUseCases = ReturnType<typeof searchUseCases>;

function toSummary(n: Note, terms: readonly string[], m: EffectiveMarking): NoteSummary {
  const summary: NoteSummary = {
    id: n.id,
    topicId: n.topicId,
    title: n.title,
    snippet: makeSnippet(n.body, terms),
    tags: n.tags,
    pinned: n.pinned,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    marking: { level: m.level, colour: m.colour, banner: bannerText(m) },
  };
  if (n.deletedAt) summary.deletedAt = n.deletedAt;
  if (terms.length) summary.matches = [...terms];
  return summary;
}
