import type { Note, StoreData } from '../../domain/model.js';
import { tagWithin } from '../tags/normalize.js';
import type { QueryNode } from './query.js';
import type { FileScope } from './indexed.js';
import type { LinkIndex } from '../links/link-index.js';
import { linkFieldTest, linksFor } from './link-fields.js';
import { foldWords } from './tokenize.js';
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
import { notesOf } from '../../domain/note-access.js';

/**
 * The scan path: evaluates a query note by note. Used in the first moments after open (before the index
 * is ready) and as the reference the index is tested against — so it stays simple rather than fast.
 */
export class ScanEvaluator {
  private readonly texts = new Map<QueryNode, Set<string>>();
  private readonly fields = new Map<QueryNode, (note: Note) => boolean>();

  constructor(
    private readonly data: StoreData,
    private readonly now: number,
    private readonly files: FileScope = {
      matcher: { notesByName: () => new Set(), notesByText: () => new Set() },
      inFiles: false,
    },
    private readonly links: LinkIndex | null = null,
  ) {}

  matches(note: Note, node: QueryNode): boolean {
    switch (node.type) {
      case 'and':
        return node.children.every((c) => this.matches(note, c));
      case 'or':
        return node.children.some((c) => this.matches(note, c));
      case 'not':
        return !this.matches(note, node.child);
      case 'word':
      case 'phrase':
        if (this.files.inFiles) return this.fileTextSet(node).has(note.id);
        return this.textSet(node).has(note.id);
      case 'field': {
        let test = this.fields.get(node);
        if (!test) {
          test = this.compile(node);
          this.fields.set(node, test);
        }
        return test(note);
      }
    }
  }

  /** Notes having a word starting with the term, or the phrase's words in a row (last one as a prefix). */
  private textSet(node: QueryNode & { type: 'word' | 'phrase' }): Set<string> {
    let set = this.texts.get(node);
    if (!set) {
      const needle = ' ' + node.value;
      set = new Set();
      for (const note of notesOf(this.data)) {
        if ((' ' + foldWords(`${note.title}\n${note.body}`).join(' ')).includes(needle)) set.add(note.id);
      }
      this.texts.set(node, set);
    }
    return set;
  }

  private fileTextSet(node: QueryNode & { type: 'word' | 'phrase' }): Set<string> {
    let set = this.texts.get(node);
    if (!set) {
      set = this.files.matcher.notesByText(node.value);
      this.texts.set(node, set);
    }
    return set;
  }

  private compile(node: FieldNode): (note: Note) => boolean {
    switch (node.field) {
      case 'tag': {
        const q = tagQuery(node);
        return 'prefix' in q
          ? (n) => n.tags.some((t) => t.startsWith(q.prefix))
          : (n) => n.tags.some((t) => tagWithin(t, q.tag));
      }
      case 'topic':
      case 'partner':
      case 'status': {
        const test = topicTest(node);
        return (n) => {
          const topic = n.topicId ? this.data.topics[n.topicId] : undefined;
          return topic !== undefined && test(topic);
        };
      }
      case 'pinned': {
        const want = wantsPinned(node);
        return (n) => n.pinned === want;
      }
      case 'title': {
        const words = titleWords(node);
        return (n) => titleHas(n.title, words);
      }
      case 'marking':
      case 'rel':
        return markingTest(node, this.data);
      case 'in':
        // in:trash widens the sidebar filter to the trash (see searchNotes), in:files points the words at
        // attachment text; as a term it matches all.
        return () => true;
      case 'file': {
        const ids = this.files.matcher.notesByName(node.value);
        return (n) => ids.has(n.id);
      }
      case 'linksto':
      case 'linkedfrom':
      case 'has':
      case 'orphan':
      case 'prop':
        return linkFieldTest(node, () => linksFor(this.data, this.links));
      case 'created':
      case 'updated': {
        const test = dateTest(node, this.now);
        if (!test) return () => true;
        const key = node.field === 'created' ? 'createdAt' : 'updatedAt';
        return (n) => test(Date.parse(n[key]));
      }
    }
  }
}
