import type { QueryHint } from '../../domain/views.js';
import type { NoteMap } from '../../domain/model.js';
import { QUERY_FIELDS, type QueryNode } from './query.js';
import { parsePropValue } from './prop-value.js';
import { KnownTags } from './known-tags.js';

/** A note about how the search box was read: an unknown field, a tag no note carries. */
export type { QueryHint };

const quote = (v: string) => `"${v}"`;

const DATE_WORDS: Record<string, string> = { d: 'day', w: 'week', m: 'month', y: 'year' };

function relative(value: string): string | null {
  const m = /^(\d+)([dwmy])$/i.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  return `${n} ${DATE_WORDS[m[2]!.toLowerCase()]}${n === 1 ? '' : 's'}`;
}

function describeDate(field: 'created' | 'updated', op: string, value: string): string {
  const rel = relative(value);
  if (rel) {
    // "<30d" reads "less than 30 days ago", i.e. recently (see fields.ts dateTest).
    if (op === '<' || op === '<=' || op === '') return `${field} in the last ${rel}`;
    return `${field} more than ${rel} ago`;
  }
  const word =
    { '': 'on', '>': 'after', '>=': 'on or after', '<': 'before', '<=': 'on or before' }[op] ?? 'on';
  return `${field} ${word} ${value}`;
}

function describeField(node: QueryNode & { type: 'field' }): string {
  const v = node.value;
  switch (node.field) {
    case 'tag':
      return v.endsWith('/*') ? `tagged ${v.toLowerCase()}` : `tagged ${v.toLowerCase()} (or nested)`;
    case 'topic':
      return `in topic ${quote(v)}`;
    case 'partner':
      return `with partner ${quote(v)}`;
    case 'status':
      return `in a topic with status ${v.toLowerCase()}`;
    case 'pinned':
      return ['yes', 'true', '1'].includes(v.toLowerCase()) ? 'pinned' : 'not pinned';
    case 'created':
    case 'updated':
      return describeDate(node.field, node.op, v);
    case 'title':
      return `with ${quote(v)} in the title`;
    case 'marking':
      return `marked ${{ '': '', '>': 'above ', '>=': 'at or above ', '<': 'below ', '<=': 'at or below ' }[node.op]}${v.toUpperCase()}`;
    case 'rel':
      return v.toLowerCase() === 'none' ? 'releasable to no partner' : `releasable to ${quote(v)}`;
    case 'in':
      if (v.toLowerCase() === 'files') return 'words found inside attached files';
      return v.toLowerCase() === 'trash' ? 'in the trash' : `in ${quote(v)}`;
    case 'file':
      return `with an attachment named ${quote(v)}`;
    case 'linksto':
      return `linking to ${quote(v)}`;
    case 'linkedfrom':
      return `linked from ${quote(v)}`;
    case 'has':
      return v.toLowerCase() === 'links' ? 'with links' : `with ${v.toLowerCase()}`;
    case 'orphan':
      return ['yes', 'true', '1'].includes(v.toLowerCase())
        ? 'without links in or out'
        : 'with links in or out';
    case 'prop': {
      const { key, op, want } = parsePropValue(v);
      if (op === '') return `with property ${quote(key)}`;
      const word = { '=': 'equal to', '>': 'over', '>=': 'at least', '<': 'under', '<=': 'at most' }[op];
      return `with property ${quote(key)} ${word} ${want}`;
    }
  }
}

function describe(node: QueryNode, nested: boolean): string {
  switch (node.type) {
    case 'word':
      return `containing ${quote(node.value)}`;
    case 'phrase':
      return `containing the phrase ${quote(node.value)}`;
    case 'field':
      return describeField(node);
    case 'not':
      return `not ${describe(node.child, true)}`;
    case 'and':
    case 'or': {
      const text = node.children.map((c) => describe(c, true)).join(node.type === 'and' ? ' and ' : ' or ');
      return nested ? `(${text})` : text;
    }
  }
}

/**
 * The meaning of a parsed query in words, shown as "read as": `tag:partner/* -draft` becomes
 * `notes tagged partner/* and not containing "draft"`. An empty query reads as "all notes".
 */
export function explainQuery(node: QueryNode | null): string {
  return node ? `notes ${describe(node, false)}` : 'all notes';
}

/** Edit distance with transpositions (optimal string alignment), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

function nearest(word: string, candidates: Iterable<string>, maxDistance: number): string | undefined {
  let best: string | undefined;
  let bestD = maxDistance + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > maxDistance) continue;
    const dist = editDistance(word, c);
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  return best;
}

/** Every tag on a live note, with its parents, per state of the notes (see known-tags.ts). */
export const knownTags = new KnownTags();

function tagFields(node: QueryNode | null, out: string[] = []): string[] {
  if (!node) return out;
  if (node.type === 'field' && node.field === 'tag') out.push(node.value.toLowerCase());
  else if (node.type === 'not') tagFields(node.child, out);
  else if (node.type === 'and' || node.type === 'or') for (const c of node.children) tagFields(c, out);
  return out;
}

/**
 * Hints for a query: a `word:` that is no field ("did you mean title:?") and a tag no live note carries
 * ("no tag partnr/*", with the nearest existing tag when one is close). Never throws; ignores quoted text
 * and things like URLs or times.
 */
export function queryHints(input: string, node: QueryNode | null, notes: NoteMap): QueryHint[] {
  const hints: QueryHint[] = [];
  const text = input.slice(0, 2000);
  // Quoted text is never a field (but keep offsets: blank it out instead of removing it).
  const unquoted = text.replace(/"[^"]*"?/g, (m) => ' '.repeat(m.length));
  const fieldLike = /(^|[\s(-])([A-Za-z]+):(?!\/\/)/g;
  const seen = new Set<string>();
  for (let m = fieldLike.exec(unquoted); m; m = fieldLike.exec(unquoted)) {
    const name = m[2]!.toLowerCase();
    if ((QUERY_FIELDS as readonly string[]).includes(name) || seen.has(name)) continue;
    seen.add(name);
    const guess = nearest(name, QUERY_FIELDS, name.length <= 3 ? 1 : 2);
    if (guess) {
      const at = m.index + m[1]!.length;
      const fix = text.slice(0, at) + guess + text.slice(at + name.length);
      hints.push({ message: `Unknown field ${name}: (read as words) — did you mean ${guess}:?`, fix });
    } else {
      hints.push({ message: `Unknown field ${name}: is read as words. Fields: ${QUERY_FIELDS.join(', ')}.` });
    }
  }
  const asked = new Set(tagFields(node));
  // Every tag of every note, once per state of the notes (≈130 ms at 50,000 notes after each save): only
  // for a query that names a tag.
  const tags = asked.size ? knownTags.get(notes) : new Set<string>();
  for (const value of asked) {
    const onlyNested = value.endsWith('/*');
    const base = onlyNested ? value.slice(0, -2) : value;
    const exists = onlyNested ? [...tags].some((t) => t.startsWith(base + '/')) : tags.has(base);
    if (exists) continue;
    const guess = base
      ? nearest(base, tags, Math.max(1, Math.min(3, Math.floor(base.length / 3))))
      : undefined;
    const shown = guess ? guess + (onlyNested ? '/*' : '') : undefined;
    const hint: QueryHint = {
      message: `No tag ${value}${shown ? ` — did you mean ${shown}?` : ''}`,
    };
    if (shown) {
      const re = new RegExp(`(tag:)${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s)])`, 'i');
      const fix = text.replace(re, `$1${shown}`);
      if (fix !== text) hint.fix = fix;
    }
    hints.push(hint);
  }
  return hints;
}
