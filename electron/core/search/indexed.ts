import type { NoteFilter } from '../../domain/views.js';
import type { StoreData } from '../../domain/model.js';
import type { QueryNode } from './query.js';
import type { FileMatcher } from '../attachments/file-search.js';

/** Attachment answers for file: and in:files (see attachments/file-search.ts). */
export type FileScope = { matcher: FileMatcher; inFiles: boolean };
import { OWN_TAG, TAG, TITLE, type DocSet, type TextIndex } from './text-index.js';
import {
  dateTest,
  markingTest,
  tagQuery,
  titleHas,
  titleWords,
  topicTest,
  wantsPinned,
  type FieldNode,
} from './fields.js';
import type { LinkIndex } from '../links/link-index.js';
import { linkFieldTest, linksFor } from './link-fields.js';

/**
 * The index path: a query becomes a set of doc numbers. Words and tags are posting lookups; dates, pin,
 * trash and topic read typed-array columns, so no note object is touched until the page is cut.
 */
export class IndexEvaluator {
  constructor(
    private readonly index: TextIndex,
    private readonly data: StoreData,
    private readonly now: number,
    private readonly files: FileScope,
    private readonly links: LinkIndex | null = null,
  ) {}

  /** The docs of a set of note ids. */
  private docsOf(ids: Set<string>): DocSet {
    const set = new Uint8Array(this.index.capacity);
    for (const id of ids) {
      const doc = this.index.docNumber(id);
      if (doc !== undefined) set[doc] = 1;
    }
    return set;
  }

  evaluate(node: QueryNode): DocSet {
    if (this.files.inFiles && (node.type === 'word' || node.type === 'phrase'))
      return this.docsOf(this.files.matcher.notesByText(node.value));
    switch (node.type) {
      case 'word':
        return this.index.prefixSet(node.value);
      case 'phrase': {
        const parts = node.value.split(' ');
        const set = this.index.prefixSet(parts[0]!);
        for (const w of parts.slice(1)) andInto(set, this.index.prefixSet(w));
        this.index.keepPhrase(set, parts);
        return set;
      }
      case 'field':
        return this.field(node);
      case 'not':
        return invert(this.evaluate(node.child));
      case 'and':
      case 'or': {
        const set = this.evaluate(node.children[0]!);
        for (const c of node.children.slice(1)) {
          const other = this.evaluate(c);
          if (node.type === 'and') andInto(set, other);
          else orInto(set, other);
        }
        return set;
      }
    }
  }

  /** The sidebar part of the filter: trash or not, topic or inbox, tags (all must match). */
  structured(filter: NoteFilter): DocSet {
    const cols = this.index.columns;
    const set = new Uint8Array(this.index.capacity);
    const trash = filter.trash ? 1 : 0;
    const topic =
      filter.topicId === undefined
        ? null
        : filter.topicId === 'inbox'
          ? -1
          : (this.index.topicNumberMap().get(filter.topicId) ?? -2);
    for (let doc = 0; doc < set.length; doc++) {
      if (
        cols.deleted[doc] === trash &&
        (topic === null || cols.topic[doc] === topic) &&
        this.index.noteAt(doc) !== undefined
      )
        set[doc] = 1;
    }
    for (const tag of filter.tags ?? []) andInto(set, this.index.termSet(TAG + tag));
    return set;
  }

  private field(node: FieldNode): DocSet {
    const cols = this.index.columns;
    switch (node.field) {
      case 'tag': {
        const q = tagQuery(node);
        return 'prefix' in q ? this.index.prefixSet(TAG + q.prefix) : this.index.termSet(TAG + q.tag);
      }
      case 'topic':
      case 'partner':
      case 'status': {
        const test = topicTest(node);
        const wanted = new Set<number>();
        for (const [id, n] of this.index.topicNumberMap()) {
          const topic = this.data.topics[id];
          if (topic && test(topic)) wanted.add(n);
        }
        return this.fill((doc) => wanted.has(cols.topic[doc]!));
      }
      case 'pinned': {
        const want = wantsPinned(node) ? 1 : 0;
        return this.fill((doc) => cols.pinned[doc] === want);
      }
      case 'title': {
        const words = titleWords(node);
        if (words.length === 0) return this.fill(() => true);
        const set = this.index.prefixSet(TITLE + words[0]!);
        for (const w of words.slice(1)) andInto(set, this.index.prefixSet(TITLE + w));
        if (words.length > 1) {
          for (let doc = 0; doc < set.length; doc++)
            if (set[doc] && !titleHas(this.index.noteAt(doc)?.title ?? '', words)) set[doc] = 0;
        }
        return set;
      }
      case 'marking':
      case 'rel': {
        // The marking depends on the note's topic too, so it is read from the record, not a column.
        const test = markingTest(node, this.data);
        return this.fill((doc) => {
          const n = this.index.noteAt(doc);
          return n !== undefined && test(n);
        });
      }
      case 'in':
        return this.fill(() => true);
      case 'file':
        return this.docsOf(this.files.matcher.notesByName(node.value));
      case 'linksto':
      case 'linkedfrom':
      case 'has':
      case 'orphan':
      case 'prop': {
        const test = linkFieldTest(node, () => linksFor(this.data, this.links));
        return this.fill((doc) => {
          const note = this.index.noteAt(doc);
          return note !== undefined && test(note);
        });
      }
      case 'created':
      case 'updated': {
        const test = dateTest(node, this.now);
        if (!test) return this.fill(() => true);
        const col = node.field === 'created' ? cols.created : cols.updated;
        return this.fill((doc) => test(col[doc]!));
      }
    }
  }

  private fill(test: (doc: number) => boolean): DocSet {
    const set = new Uint8Array(this.index.capacity);
    for (let doc = 0; doc < set.length; doc++) if (test(doc)) set[doc] = 1;
    return set;
  }

  /** Facet counts over a result set: own tags from postings, topics from the column. */
  facetCounts(set: DocSet): { tags: Map<string, number>; topics: Map<string, number> } {
    const tags = this.index.countTerms(OWN_TAG, set);
    const byNumber = new Map<number, number>();
    const cols = this.index.columns;
    for (let doc = 0; doc < set.length; doc++) {
      if (set[doc] && cols.topic[doc]! >= 0)
        byNumber.set(cols.topic[doc]!, (byNumber.get(cols.topic[doc]!) ?? 0) + 1);
    }
    const topics = new Map<string, number>();
    for (const [id, n] of this.index.topicNumberMap()) {
      const count = byNumber.get(n);
      if (count) topics.set(id, count);
    }
    return { tags, topics };
  }
}

// Small loops in their own functions so V8 optimises each one on its own.
export function andInto(set: DocSet, other: DocSet): void {
  for (let i = 0; i < set.length; i++) set[i] = set[i]! & other[i]!;
}

function orInto(set: DocSet, other: DocSet): void {
  for (let i = 0; i < set.length; i++) set[i] = set[i]! | other[i]!;
}

function invert(set: DocSet): DocSet {
  for (let i = 0; i < set.length; i++) set[i] = set[i]! ^ 1;
  return set;
}
