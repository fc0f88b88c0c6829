import FlexSearch from 'flexsearch';
import type { Note, StoreData } from '../model.js';
import { foldWords } from './query.js';

type Id = string;
/** The slice of FlexSearch's Index API we use (its generic typings are heavier than we need). */
type FlexIndex = {
  add(id: Id, text: string): unknown;
  update(id: Id, text: string): unknown;
  remove(id: Id): unknown;
  search(query: string, options: { limit: number }): Id[];
};

const BUILD_SLICE_MS = 12;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function indexText(note: Note): string {
  return `${note.title}\n${note.body}`;
}

/** Our own tokeniser (fold, split on non-letters/digits, first occurrence only), shared with the query parser and the linear fallback so all three agree on what a word is. */
function encode(text: string): string[] {
  return [...new Set(foldWords(text))];
}

/**
 * Full-text index over note titles and bodies (FlexSearch, forward tokenisation so every word also
 * matches as a prefix — what "search as you type" needs). Built in small slices after open so the event
 * loop stays free, then kept in sync from the core's before/after states.
 */
export class TextIndex {
  private readonly index: FlexIndex;
  private readonly indexed = new Map<Id, Note>();
  private building: Promise<void> | null = null;
  ready = false;
  readyMs: number | null = null;

  constructor() {
    this.index = new FlexSearch.Index({ tokenize: 'forward', encode } as never) as unknown as FlexIndex;
  }

  /**
   * Indexes every note in slices; queries before it finishes use the linear fallback. Edits made while
   * it runs reach the index through sync, so a note sync already saw (or that is gone) is skipped here.
   */
  build(current: () => StoreData): Promise<void> {
    this.building ??= (async () => {
      const t0 = performance.now();
      let slice = performance.now();
      for (const note of Object.values(current().notes)) {
        if (!this.indexed.has(note.id) && current().notes[note.id] === note) this.put(note);
        if (performance.now() - slice > BUILD_SLICE_MS) {
          await yieldToLoop();
          slice = performance.now();
        }
      }
      this.ready = true;
      this.readyMs = performance.now() - t0;
    })();
    return this.building;
  }

  private put(note: Note): void {
    const previous = this.indexed.get(note.id);
    if (previous === note) return;
    if (previous && previous.title === note.title && previous.body === note.body) {
      this.indexed.set(note.id, note);
      return;
    }
    if (previous) this.index.update(note.id, indexText(note));
    else this.index.add(note.id, indexText(note));
    this.indexed.set(note.id, note);
  }

  /** Applies the notes that changed between two states (by reference: the core never mutates records). */
  sync(before: StoreData, after: StoreData): void {
    if (before.notes === after.notes) return;
    for (const id in after.notes) if (after.notes[id] !== before.notes[id]) this.put(after.notes[id]!);
    for (const id in before.notes) {
      if (!(id in after.notes) && this.indexed.has(id)) {
        this.index.remove(id);
        this.indexed.delete(id);
      }
    }
  }

  /** Ids of notes containing a word starting with `term` (a folded word), best matches first. */
  search(term: string): Id[] {
    return this.index.search(term, { limit: 1_000_000 });
  }
}
