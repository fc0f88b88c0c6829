import type { NoteFilter, NoteSort } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import type { SearchUseCases } from './use-cases.js';

/** notes.list. */
export function searchHandlers(core: SearchUseCases, ctx: Pick<CoreContext, 'index'>) {
  return {
    'notes.list': async (i: {
      filter: NoteFilter;
      sort?: NoteSort;
      offset?: number;
      limit?: number;
      facets?: boolean;
    }) => {
      // A text query in the first moments after open waits for the index instead of blocking on a scan.
      if (i.filter.text?.trim() && !ctx.index.ready) await core.startIndexing();
      return core.listNotes(i.filter, i.sort, i.offset, i.limit, i.facets);
    },
  };
}
