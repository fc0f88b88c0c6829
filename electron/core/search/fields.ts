import type { Note, StoreData, Topic } from '../../domain/model.js';
import { markingOfNote, schemeOf } from '../markings/resolve.js';
import { levelsByPrefix, rankOf } from '../../domain/marking-scheme.js';
import { fold } from './fold.js';
import { foldWords } from './tokenize.js';
import type { QueryNode } from './query.js';

/** Field semantics shared by the scan and the index, so both read a query the same way. */

export type FieldNode = QueryNode & { type: 'field' };
const DAY = 86_400_000;

/** `2025-01-01`, `30d`, `2w`, `6m`, `1y` → epoch ms (relative values count back from now); null when unreadable. */
function dateValue(value: string, now: number): number | null {
  const rel = /^(\d+)([dwmy])$/.exec(value);
  if (rel) {
    const n = Number(rel[1]);
    const days = rel[2] === 'd' ? n : rel[2] === 'w' ? n * 7 : rel[2] === 'm' ? n * 30 : n * 365;
    return now - days * DAY;
  }
  if (!/^\d{4}(-\d{2}(-\d{2})?)?/.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/** created:/updated: as a test on epoch ms; null when the value is not a date (the term then matches all). */
export function dateTest(node: FieldNode, now: number): ((t: number) => boolean) | null {
  const v = node.value.toLowerCase();
  const at = dateValue(v, now);
  if (at === null) return null;
  // "updated:<30d" reads "less than 30 days ago", i.e. newer than that instant.
  const relative = /^\d+[dwmy]$/.test(v);
  const op = relative
    ? ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=', '': '>=' } as const)[node.op]
    : node.op;
  const day = Math.floor(at / DAY);
  switch (op) {
    case '>':
      return (t) => t > at;
    case '>=':
      return (t) => t >= at;
    case '<':
      return (t) => t < at;
    case '<=':
      return (t) => t <= at;
    default:
      return (t) => Math.floor(t / DAY) === day;
  }
}

/** topic:, partner: and status: as a test on the note's topic (notes without a topic never match). */
export function topicTest(node: FieldNode): (topic: Topic) => boolean {
  const folded = fold(node.value);
  switch (node.field) {
    case 'topic':
      return (t) => fold(t.name).includes(folded);
    case 'partner':
      return (t) => t.partners.some((p) => fold(p).includes(folded));
    default:
      return (t) => t.status === node.value.toLowerCase();
  }
}

/** tag:x includes nested tags; tag:x/* means only the nested ones. */
export function tagQuery(node: FieldNode): { prefix: string } | { tag: string } {
  const v = node.value.toLowerCase();
  return v.endsWith('/*') ? { prefix: v.slice(0, -1) } : { tag: v };
}

export function wantsPinned(node: FieldNode): boolean {
  return ['yes', 'true', '1'].includes(node.value.toLowerCase());
}

/** title:x — words of the title, in a row, the last one as a prefix (like the search words themselves). */
export function titleWords(node: FieldNode): string[] {
  return foldWords(node.value);
}

export function titleHas(title: string, words: readonly string[]): boolean {
  return (' ' + foldWords(title).join(' ')).includes(' ' + words.join(' '));
}

/**
 * marking:internal (levels whose name starts with the value), marking:>=partner (at or above the lowest such
 * level) and rel:kaist / rel:none on the note's effective marking. A value naming no level matches nothing:
 * a mistyped level must not look like "nothing is marked that way".
 */
export function markingTest(node: FieldNode, data: StoreData): (note: Note) => boolean {
  const scheme = schemeOf(data);
  if (node.field === 'rel') {
    const v = fold(node.value);
    if (v === 'none') return (n) => markingOfNote(data, n, scheme).releasableTo.length === 0;
    return (n) => markingOfNote(data, n, scheme).releasableTo.some((p) => fold(p).includes(v));
  }
  const levels = levelsByPrefix(scheme, node.value);
  if (levels.length === 0) return () => false;
  if (node.op === '') {
    const names = new Set(levels.map((l) => l.name));
    return (n) => names.has(markingOfNote(data, n, scheme).level);
  }
  const at = rankOf(scheme, levels[0]!.name);
  const cmp = {
    '>': (r: number) => r > at,
    '>=': (r: number) => r >= at,
    '<': (r: number) => r < at,
    '<=': (r: number) => r <= at,
  }[node.op];
  return (n) => cmp(markingOfNote(data, n, scheme).rank);
}
