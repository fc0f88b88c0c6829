import { DossierError } from '../../domain/errors.js';

/** Characters a tag segment may hold: letters and digits of any script plus a few joiners (c++, r&d, v1.2). */
const SEGMENT = /^[\p{L}\p{M}\p{N}_.+&-]+$/u;
const MAX_TAG_LENGTH = 120;

export type TagParse = { ok: true; tag: string } | { ok: false; reason: string };

/**
 * Normalises one tag: NFC, trimmed, lowercase, leading '#' dropped, inner spaces to '-',
 * empty '/' segments removed. Returns a reason instead of throwing so the UI can show it inline.
 */
export function parseTag(raw: string): TagParse {
  const cleaned = raw.normalize('NFC').trim().replace(/^#+/, '').toLowerCase();
  const segments = cleaned
    .split('/')
    .map((s) => s.trim().replace(/\s+/g, '-'))
    .filter((s) => s.length > 0);
  if (segments.length === 0) return { ok: false, reason: 'A tag cannot be empty.' };
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) {
      return {
        ok: false,
        reason: `"${raw.trim()}" has characters a tag cannot hold; use letters, digits, - _ . + & and / for nesting.`,
      };
    }
  }
  const tag = segments.join('/');
  if (tag.length > MAX_TAG_LENGTH)
    return { ok: false, reason: `A tag can be at most ${MAX_TAG_LENGTH} characters.` };
  return { ok: true, tag };
}

/** Normalises one tag or throws a BAD_INPUT error naming the problem. */
export function normalizeTag(raw: string): string {
  const parsed = parseTag(raw);
  if (!parsed.ok) throw new DossierError('BAD_INPUT', parsed.reason, { tag: raw });
  return parsed.tag;
}

/** Normalises a tag list into a sorted set, so equal sets compare equal whatever the input order. */
export function normalizeTags(raw: readonly string[]): string[] {
  return [...new Set(raw.map(normalizeTag))].sort();
}

/** True when `tag` is `parent` itself or nested below it (partner/kaist is within partner). */
export function tagWithin(tag: string, parent: string): boolean {
  return tag === parent || tag.startsWith(parent + '/');
}

/** Every ancestor of a tag including itself: a/b/c → a, a/b, a/b/c. */
export function tagAncestors(tag: string): string[] {
  const parts = tag.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * The case a tag was written in, when it differs from the normalised tag only by case (`#Tech/Radar` →
 * `Tech/Radar` for `tech/radar`); null when it is all lowercase already or not the same tag.
 */
export function tagLabel(raw: string, tag: string): string | null {
  const label = raw
    .normalize('NFC')
    .trim()
    .replace(/^#+/, '')
    .split('/')
    .map((s) => s.trim().replace(/\s+/g, '-'))
    .filter((s) => s.length > 0)
    .join('/');
  return label !== tag && label.toLowerCase() === tag ? label : null;
}
