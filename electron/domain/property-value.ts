import { z } from 'zod';

/**
 * A front-matter value as YAML gives it: text, number, boolean, null, a list or a nested map. Dates are
 * text in ISO form (`2025-03-01`, `2025-03-01T09:30:00Z`): Dossier reads YAML with the core schema, so
 * they stay exactly as written and are written back unquoted (a date again for readers that type them).
 */
export type PropertyValue = string | number | boolean | null | PropertyValue[] | PropertyMap;
/** A map of property values (a note's properties, or a nested map inside one). */
export type PropertyMap = { [key: string]: PropertyValue };

/** What the properties panel shows for a value (a date is a text that looks like one). */
export type PropertyKind = 'text' | 'number' | 'boolean' | 'date' | 'list' | 'map' | 'empty';

const MAX_DEPTH = 16;
export const MAX_KEY_LENGTH = 200;

/** A property key: any text YAML can hold as a key, except the one that would reach an object's prototype. */
export const propertyKeySchema = z
  .string()
  .max(MAX_KEY_LENGTH)
  .refine((k) => k.trim().length > 0, 'A property needs a name.')
  .refine((k) => k !== '__proto__', 'That name cannot be used for a property.');

function valueSchema(depth: number): z.ZodType<PropertyValue> {
  const leaf = z.union([z.string().max(100_000), z.number().finite(), z.boolean(), z.null()]);
  if (depth >= MAX_DEPTH) return leaf;
  const inner = z.lazy(() => valueSchema(depth + 1));
  return z.union([leaf, z.array(inner).max(10_000), z.record(propertyKeySchema, inner)]);
}

/** A property value, validated (finite numbers only: the store is JSON; at most 16 levels deep). */
export const propertyValueSchema: z.ZodType<PropertyValue> = valueSchema(0);
/** A note's properties. */
export const propertyMapSchema: z.ZodType<PropertyMap> = z.record(propertyKeySchema, propertyValueSchema);

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** True for text YAML would call a timestamp (the panel shows a date picker, `prop:key>` compares dates). */
export function looksLikeDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(Date.parse(value));
}

/** The kind of a value, for type-aware inputs. */
export function kindOf(value: PropertyValue): PropertyKind {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return looksLikeDate(value) ? 'date' : 'text';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'map';
  }
}

/** Structural equality of two property values (key order ignored, like parsed YAML). */
export function sameValue(a: PropertyValue, b: PropertyValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bl = b as PropertyValue[];
    return a.length === bl.length && a.every((x, i) => sameValue(x, bl[i]!));
  }
  const am = a as PropertyMap;
  const bm = b as PropertyMap;
  const keys = Object.keys(am);
  return (
    keys.length === Object.keys(bm).length &&
    keys.every((k) => Object.hasOwn(bm, k) && sameValue(am[k]!, bm[k]!))
  );
}
