import { z } from 'zod';
import { propertyKeySchema, propertyValueSchema } from '../domain/property-value.js';
import type { PropertyMap, PropertyValue, PropertyKind } from '../domain/property-value.js';
import { baseVersion, id, out } from './shared.js';
import type { NoteSaved, PropertyChange } from '../domain/views.js';

export type { PropertyMap, PropertyValue, PropertyKind, PropertyChange };

/** One change to a note's properties: set a key to a typed value, remove it, or rename it. */
export const propertyChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), key: propertyKeySchema, value: propertyValueSchema }).strict(),
  z.object({ op: z.literal('remove'), key: propertyKeySchema }).strict(),
  z.object({ op: z.literal('rename'), key: propertyKeySchema, to: propertyKeySchema }).strict(),
]) satisfies z.ZodType<PropertyChange>;

/** Typed front-matter properties of notes. */

export const propertiesCalls = {
  /**
   * Changes a note's properties (front-matter keys Dossier does not own): applied in order, saved once.
   * Keys Dossier owns (title, tags, topic, created…) are refused; `aliases` feeds link resolution.
   */
  'notes.setProperties': {
    input: z
      .object({
        id,
        changes: z.array(propertyChangeSchema).min(1).max(100),
        baseVersion: baseVersion.optional(),
      })
      .strict(),
    result: out<NoteSaved>(),
  },
  /** Property keys in use among live notes, most used first (the panel's key suggestions). */
  'properties.keys': { input: z.object({}).strict(), result: out<{ key: string; count: number }[]>() },
} as const;
