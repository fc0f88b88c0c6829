import {
  MAX_KEY_LENGTH,
  propertyValueSchema,
  type PropertyMap,
  type PropertyValue,
} from '../../domain/property-value.js';

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

/**
 * A property whose name is a key Dossier owns (a store from before markings can hold one named `marking`),
 * or that starts with this prefix, is written under the prefix: `marking` → `dossier.property.marking`.
 * Reading takes one prefix off again, so every property name round-trips and none shadows an owned key.
 */
export const PROPERTY_KEY_ESCAPE = 'dossier.property.';

/** The front-matter key a property is written under (see PROPERTY_KEY_ESCAPE). */
export function propertyFrontMatterKey(key: string): string {
  return OWNED_KEYS.has(key) || key.startsWith(PROPERTY_KEY_ESCAPE) ? PROPERTY_KEY_ESCAPE + key : key;
}

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
 * The properties of parsed front matter: every key Dossier does not own (escaped ones unescaped), with its YAML type. Values the
 * store cannot hold as such are kept as text or dropped, and said so in `notes`.
 */
export function propertiesOf(data: Record<string, unknown>): {
  properties: PropertyMap;
  notes: PropertyNotes;
} {
  const notes: PropertyNotes = { keptAsText: [], dropped: [] };
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(data))
    if (key.startsWith(PROPERTY_KEY_ESCAPE)) rest[key.slice(PROPERTY_KEY_ESCAPE.length)] = data[key];
    else if (!OWNED_KEYS.has(key)) rest[key] = data[key];
  const properties = toMap(rest, '', notes, 0);
  // Belt and braces: what goes into the store must pass the store's own schema.
  for (const key of Object.keys(properties))
    if (!propertyValueSchema.safeParse(properties[key]).success) {
      notes.dropped.push(`${key} (too large to keep)`);
      delete properties[key];
    }
  return { properties, notes };
}
