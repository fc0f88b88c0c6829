import { MAX_KEY_LENGTH, propertyValueSchema, type PropertyMap, type PropertyValue } from './value.js';

/**
 * Front-matter keys Dossier owns: it reads them into the note's own fields and writes them from there
 * (see docs/markdown-format.md). Every other key is a property, kept with its value as YAML gave it.
 */
export const OWNED_KEYS: ReadonlySet<string> = new Set([
  'id',
  'title',
  'topic',
  'partners',
  'tags',
  'created',
  'updated',
  'pinned',
  'marking',
  'releasable_to',
]);

/** What reading front matter did with each key that is not a plain property (for the import report). */
export type PropertyNotes = { keptAsText: string[]; dropped: string[] };

/** Converts a parsed YAML value into a property value; NaN/Infinity become their YAML text. */
function toValue(v: unknown, path: string, notes: PropertyNotes, depth: number): PropertyValue | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    notes.keptAsText.push(`${path} (${String(v)} is kept as text)`);
    return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  }
  if (depth > 15) {
    notes.dropped.push(`${path} (nested deeper than 16 levels)`);
    return undefined;
  }
  if (Array.isArray(v)) {
    const out: PropertyValue[] = [];
    v.forEach((x, i) => {
      const y = toValue(x, `${path}[${i}]`, notes, depth + 1);
      out.push(y === undefined ? null : y);
    });
    return out;
  }
  if (typeof v === 'object') return toMap(v as Record<string, unknown>, path, notes, depth + 1);
  notes.dropped.push(`${path} (a ${typeof v} cannot be kept)`);
  return undefined;
}

function toMap(obj: Record<string, unknown>, path: string, notes: PropertyNotes, depth: number): PropertyMap {
  const out: PropertyMap = {};
  for (const key of Object.keys(obj)) {
    const where = path ? `${path}.${key}` : key;
    if (key === '__proto__' || key.length > MAX_KEY_LENGTH || !key.trim()) {
      notes.dropped.push(`${where.slice(0, 80)} (a property name Dossier cannot hold)`);
      continue;
    }
    const v = toValue(obj[key], where, notes, depth);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * The properties of parsed front matter: every key Dossier does not own, with its YAML type. Values the
 * store cannot hold as such are kept as text or dropped, and said so in `notes`.
 */
export function propertiesOf(data: Record<string, unknown>): {
  properties: PropertyMap;
  notes: PropertyNotes;
} {
  const notes: PropertyNotes = { keptAsText: [], dropped: [] };
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(data)) if (!OWNED_KEYS.has(key)) rest[key] = data[key];
  const properties = toMap(rest, '', notes, 0);
  // Belt and braces: what goes into the store must pass the store's own schema.
  for (const key of Object.keys(properties))
    if (!propertyValueSchema.safeParse(properties[key]).success) {
      notes.dropped.push(`${key} (too large to keep)`);
      delete properties[key];
    }
  return { properties, notes };
}
