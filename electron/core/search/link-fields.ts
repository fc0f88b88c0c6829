import type { Note } from '../../domain/model.js';
import { LinkIndex } from '../links/link-index.js';
import { kindOf, looksLikeDate, type PropertyValue } from '../../domain/property-value.js';
import type { StoreData } from '../../domain/model.js';
import { fold } from './fold.js';
import type { FieldNode } from './fields.js';
import { parsePropValue } from './prop-value.js';

/**
 * Link and property fields (`linksto:`, `linkedfrom:`, `has:`, `orphan:`, `prop:`) as a test on a note,
 * shared by the scan and the index paths so both read a query the same way. Link facts come from the
 * link index (or, before it is ready, one built from the state being searched).
 */

const built = new WeakMap<object, LinkIndex>();
/** A link index for a state: the live one when ready, else one built from that state (cached per state). */
export function linksFor(data: StoreData, live: LinkIndex | null | undefined): LinkIndex {
  if (live?.ready) return live;
  let index = built.get(data.notes);
  if (!index) built.set(data.notes, (index = LinkIndex.of(data)));
  return index;
}

/** Notes a field value names as a link target would (all of them when it is ambiguous). */
function named(links: LinkIndex, value: string): string[] {
  const r = links.resolve({ target: value, isFile: false }, null);
  return r.status === 'resolved' ? [r.noteId] : r.status === 'ambiguous' ? r.candidates : [];
}

/** Compiles a link or property field into a test on a note. */
export function linkFieldTest(node: FieldNode, links: () => LinkIndex): (note: Note) => boolean {
  switch (node.field) {
    case 'linksto': {
      const l = links();
      const sources = new Set<string>();
      for (const t of named(l, node.value)) for (const i of l.inboundLinks(t)) sources.add(i.sourceId);
      return (n) => sources.has(n.id);
    }
    case 'linkedfrom': {
      const l = links();
      const targets = new Set<string>();
      for (const s of named(l, node.value)) for (const t of l.targetsOf(s)) targets.add(t);
      return (n) => targets.has(n.id);
    }
    case 'has': {
      const what = node.value.toLowerCase();
      if (what === 'links') {
        const l = links();
        return (n) => l.hasLinks(n.id);
      }
      if (what === 'properties' || what === 'props') return (n) => Object.keys(n.properties ?? {}).length > 0;
      return () => true;
    }
    case 'orphan': {
      const want = ['yes', 'true', '1'].includes(node.value.toLowerCase());
      const linked = links().linkedNotes();
      return (n) => !n.deletedAt && linked.has(n.id) !== want;
    }
    default:
      return propTest(node);
  }
}

function scalars(v: PropertyValue): (string | number | boolean)[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v.flatMap(scalars);
  if (typeof v === 'object') return Object.values(v).flatMap(scalars);
  return [v];
}

function propTest(node: FieldNode): (note: Note) => boolean {
  // The field's own operator (`prop:>x`) is not meaningful; the operator sits after the key.
  const { key, op, want } = parsePropValue(node.value);
  const k = key.toLowerCase();
  if (!k) return () => true;
  const valueOf = (n: Note): PropertyValue | undefined => {
    const props = n.properties;
    if (!props) return undefined;
    if (Object.hasOwn(props, key)) return props[key];
    const found = Object.keys(props).find((x) => x.toLowerCase() === k);
    return found === undefined ? undefined : props[found];
  };
  if (op === '') return (n) => valueOf(n) !== undefined;
  if (op === '=') {
    const w = fold(want);
    return (n) => {
      const v = valueOf(n);
      return v !== undefined && scalars(v).some((x) => fold(String(x)) === w);
    };
  }
  const cmp = (a: number, b: number) =>
    op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
  const asNumber = Number(want);
  if (want !== '' && Number.isFinite(asNumber))
    return (n) => scalars(valueOf(n) ?? null).some((x) => typeof x === 'number' && cmp(x, asNumber));
  if (looksLikeDate(want)) {
    const at = Date.parse(want);
    return (n) =>
      scalars(valueOf(n) ?? null).some(
        (x) => typeof x === 'string' && kindOf(x) === 'date' && cmp(Date.parse(x), at),
      );
  }
  return () => false;
}
