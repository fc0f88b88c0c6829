import { fold } from './fold.js';
import { foldWords } from './tokenize.js';

/** Parsed search-box query. Field terms keep their raw value; words and phrases are folded. */
export type QueryNode =
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  | { type: 'word'; value: string }
  | { type: 'phrase'; value: string }
  | { type: 'field'; field: QueryField; op: '' | '>' | '>=' | '<' | '<='; value: string };

export const QUERY_FIELDS = [
  'tag',
  'topic',
  'partner',
  'status',
  'pinned',
  'created',
  'updated',
  'title',
  'in',
  'marking',
  'rel',
  'file',
  'linksto',
  'linkedfrom',
  'has',
  'orphan',
  'prop',
] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

type Token = { kind: 'lparen' | 'rparen' | 'or' | 'not' | 'term'; text: string; quoted?: boolean };

/** Splits a query into tokens; an unterminated quote runs to the end instead of failing. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c });
      i++;
      continue;
    }
    if (
      c === '-' &&
      i + 1 < input.length &&
      !/\s/.test(input[i + 1]!) &&
      (i === 0 || /[\s(]/.test(input[i - 1]!))
    ) {
      tokens.push({ kind: 'not', text: '-' });
      i++;
      continue;
    }
    if (c === '"') {
      const end = input.indexOf('"', i + 1);
      const text = end < 0 ? input.slice(i + 1) : input.slice(i + 1, end);
      i = end < 0 ? input.length : end + 1;
      tokens.push({ kind: 'term', text, quoted: true });
      continue;
    }
    let j = i;
    let text = '';
    while (j < input.length && !/[\s()]/.test(input[j]!)) {
      // field:"quoted value"
      if (input[j] === '"' && /:(>=|<=|>|<)?$/.test(text)) {
        const end = input.indexOf('"', j + 1);
        text += input.slice(j, end < 0 ? input.length : end + 1) + (end < 0 ? '"' : '');
        j = end < 0 ? input.length : end + 1;
        continue;
      }
      text += input[j];
      j++;
    }
    i = j;
    tokens.push(text === 'OR' ? { kind: 'or', text } : { kind: 'term', text });
  }
  return tokens;
}

function termNode(token: Token): QueryNode | null {
  if (token.quoted) {
    const value = foldWords(token.text).join(' ');
    return value ? { type: 'phrase', value } : null;
  }
  const m = /^([a-z]+):(>=|<=|>|<)?(.*)$/i.exec(token.text);
  if (m && (QUERY_FIELDS as readonly string[]).includes(m[1]!.toLowerCase())) {
    // Quotes only group words inside a field value; they are not part of it.
    const value = (m[3] ?? '').replace(/"/g, '').trim().replace(/\s+/g, ' ');
    return value
      ? { type: 'field', field: m[1]!.toLowerCase() as QueryField, op: (m[2] ?? '') as '', value }
      : null;
  }
  // Words are folded and split like the index splits text, so "co-development" finds both parts.
  const parts = foldWords(token.text);
  if (parts.length === 0) return null;
  if (parts.length === 1) return { type: 'word', value: parts[0]! };
  return { type: 'phrase', value: parts.join(' ') };
}

/**
 * Parses the search box. Never throws: stray ')' are ignored, missing ')' are closed, a missing '"' runs
 * to the end, unknown fields are read as words. Every word matches the beginning of a word, so the word
 * being typed is always a prefix search.
 */
export function parseQuery(input: string): QueryNode | null {
  const tokens = tokenize(input.slice(0, 2000));
  let pos = 0;

  function parseOr(depth: number): QueryNode | null {
    const children: QueryNode[] = [];
    for (;;) {
      const and = parseAnd(depth);
      if (and) children.push(and);
      if (tokens[pos]?.kind === 'or') {
        pos++;
        continue;
      }
      break;
    }
    if (children.length === 0) return null;
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  function parseAnd(depth: number): QueryNode | null {
    const children: QueryNode[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos]!;
      if (t.kind === 'or') break;
      if (t.kind === 'rparen') {
        if (depth > 0) break;
        pos++; // stray ')': ignore
        continue;
      }
      const node = parseUnary(depth);
      if (node) children.push(node);
    }
    if (children.length === 0) return null;
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  function parseUnary(depth: number): QueryNode | null {
    const t = tokens[pos]!;
    if (t.kind === 'not') {
      pos++;
      if (pos >= tokens.length) return null;
      const child = parseUnary(depth);
      return child ? { type: 'not', child } : null;
    }
    if (t.kind === 'lparen') {
      pos++;
      const inner = parseOr(depth + 1);
      if (tokens[pos]?.kind === 'rparen') pos++;
      return inner;
    }
    pos++;
    return t.kind === 'term' ? termNode(t) : null;
  }

  return parseOr(0);
}

function quoteIfNeeded(v: string): string {
  return /[\s()]/.test(v) || /^[<>=]/.test(v) ? `"${v}"` : v;
}

/** Canonical text of a query: what the UI shows as "read as", and re-parses to the same tree. */
export function printQuery(node: QueryNode | null): string {
  if (!node) return '';
  switch (node.type) {
    case 'word':
      return node.value;
    case 'phrase':
      return `"${node.value.replace(/"/g, '')}"`;
    case 'field':
      return `${node.field}:${node.op}${quoteIfNeeded(node.value)}`;
    case 'not': {
      const inner = printQuery(node.child);
      return node.child.type === 'word' || node.child.type === 'phrase' || node.child.type === 'field'
        ? `-${inner}`
        : `-(${inner})`;
    }
    case 'and':
      return node.children.map((c) => (c.type === 'or' ? `(${printQuery(c)})` : printQuery(c))).join(' ');
    case 'or':
      return node.children.map((c) => (c.type === 'and' ? `(${printQuery(c)})` : printQuery(c))).join(' OR ');
  }
}

/** Positive words and phrases of a query, for highlighting. */
export function highlightTerms(node: QueryNode | null): string[] {
  if (!node) return [];
  switch (node.type) {
    case 'word':
    case 'phrase':
      return [node.value];
    case 'field':
      return node.field === 'title' ? [fold(node.value)] : [];
    case 'not':
      return [];
    default:
      return node.children.flatMap(highlightTerms);
  }
}
