import { useQueries } from '@tanstack/react-query';
import type { NoteFilter, NoteListResult, NoteSort, NoteSummary } from '../../../electron/contract/index';
import { useClient } from '../api/client-context';
import { keys, PAGE_SIZE } from '../api/queries';

/**
 * The note list as fixed-size pages: page 0 always (it carries the total), plus the pages that cover
 * the rows currently on screen, so 50,000 results never travel at once.
 */
export function usePagedNotes(filter: NoteFilter, sort: NoteSort, firstRow: number, lastRow: number) {
  const client = useClient();
  const pages = new Set<number>([0]);
  for (
    let p = Math.floor(firstRow / PAGE_SIZE);
    p <= Math.floor(Math.max(firstRow, lastRow) / PAGE_SIZE);
    p++
  )
    pages.add(p);
  const list = [...pages];
  const results = useQueries({
    queries: list.map((page) => ({
      queryKey: keys.notes.page(filter, sort, page),
      queryFn: () =>
        client.call('notes.list', {
          filter,
          sort,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
          facets: page === 0,
        }),
      placeholderData: (prev: NoteListResult | undefined) => prev,
    })),
  });
  const byPage = new Map<number, NoteListResult>();
  results.forEach((r, i) => {
    if (r.data) byPage.set(list[i]!, r.data);
  });
  const first = byPage.get(0);
  return {
    total: first?.total,
    explained: first?.queryExplained,
    meaning: first?.queryMeaning,
    hints: first?.queryHints,
    terms: first?.terms,
    /** the search text the shown total belongs to (undefined while an older result stands in) */
    forText: results[0]?.data && !results[0].isPlaceholderData ? (filter.text ?? '') : undefined,
    facets: first?.facets,
    isLoading: results[0]?.isLoading ?? true,
    error: results.find((r) => r.error)?.error ?? null,
    item(index: number): NoteSummary | undefined {
      const page = byPage.get(Math.floor(index / PAGE_SIZE));
      return page?.items[index - page.offset];
    },
  };
}
