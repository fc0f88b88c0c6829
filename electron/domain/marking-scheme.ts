import { z } from 'zod';

/** One level of a marking scheme; `shareable` levels may go to any partner of the note's topic. */
export const markingLevelSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'A level needs a name.')
    .max(60)
    .transform((s) => s.replace(/\s+/g, ' ').toUpperCase()),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is written #rrggbb.'),
  shareable: z.boolean(),
});
export type MarkingLevel = z.infer<typeof markingLevelSchema>;

/**
 * A notebook's ordered levels (lowest first), the level an unmarked note counts as, and the level above
 * which an export needs explicit confirmation.
 */
export const markingSchemeSchema = z
  .object({
    levels: z.array(markingLevelSchema).min(1, 'A scheme needs at least one level.').max(20),
    defaultLevel: z.string().trim().min(1).max(60),
    confirmAbove: z.string().trim().min(1).max(60),
  })
  .superRefine((s, ctx) => {
    const names = s.levels.map((l) => l.name);
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', message: 'Two levels have the same name.' });
    for (const key of ['defaultLevel', 'confirmAbove'] as const)
      if (!names.includes(s[key].toUpperCase()))
        ctx.addIssue({ code: 'custom', path: [key], message: `${s[key]} is not a level of the scheme.` });
  })
  .transform((s) => ({
    ...s,
    defaultLevel: s.defaultLevel.toUpperCase(),
    confirmAbove: s.confirmAbove.toUpperCase(),
  }));
export type MarkingScheme = z.infer<typeof markingSchemeSchema>;

/** The generic scheme every notebook starts with; organisations replace it with their own. */
export const DEFAULT_SCHEME: MarkingScheme = {
  levels: [
    { name: 'PUBLIC', colour: '#2e7d32', shareable: true },
    { name: 'INTERNAL', colour: '#1565c0', shareable: false },
    { name: 'PARTNER CONFIDENTIAL', colour: '#a84300', shareable: false },
    { name: 'RESTRICTED', colour: '#c62828', shareable: false },
  ],
  // An unmarked note is not public: it must be marked down on purpose before it can go to partners.
  defaultLevel: 'INTERNAL',
  confirmAbove: 'INTERNAL',
};

/** Position of a level in the scheme; a name the scheme no longer has counts as the highest (fail safe). */
export function rankOf(scheme: MarkingScheme, name: string): number {
  const i = scheme.levels.findIndex((l) => l.name === name.toUpperCase());
  return i < 0 ? scheme.levels.length : i;
}

/** The level named exactly (case-insensitive), or null. */
export function levelNamed(scheme: MarkingScheme, name: string): MarkingLevel | null {
  return scheme.levels.find((l) => l.name === name.trim().toUpperCase()) ?? null;
}

/** Levels whose name starts with `prefix` (case-insensitive; `partner` finds PARTNER CONFIDENTIAL). */
export function levelsByPrefix(scheme: MarkingScheme, prefix: string): MarkingLevel[] {
  const p = prefix.trim().toUpperCase().replace(/[_-]+/g, ' ');
  return p ? scheme.levels.filter((l) => l.name.startsWith(p)) : [];
}
