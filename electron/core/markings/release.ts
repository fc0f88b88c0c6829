import type { Note, StoreData } from '../../domain/model.js';
import { DossierError } from '../../domain/errors.js';
import { bannerText, highestOf, markingOfNote, schemeOf, type EffectiveMarking } from './resolve.js';
import { levelNamed, rankOf, type MarkingScheme } from '../../domain/marking-scheme.js';

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;

/** Why a note may go to a partner (or not). */
export type Release = { ok: true; by: 'level' | 'explicit' } | { ok: false; reason: string };

/**
 * A note goes to a partner when it is explicitly releasable to it, or when its level is shareable and the
 * partner is a partner of the note's topic. Anything else is withheld, with the reason.
 */
export function releaseTo(data: StoreData, scheme: MarkingScheme, note: Note, partner: string): Release {
  const m = markingOfNote(data, note, scheme);
  if (m.releasableTo.some((p) => same(p, partner))) return { ok: true, by: 'explicit' };
  const level = scheme.levels[m.rank];
  const topic = note.topicId ? data.topics[note.topicId] : undefined;
  if (level?.shareable) {
    if (topic?.partners.some((p) => same(p, partner))) return { ok: true, by: 'level' };
    return { ok: false, reason: `${m.level}, but ${partner} is not a partner of its topic` };
  }
  return { ok: false, reason: `${bannerText(m)}: not releasable to ${partner}` };
}

/** What an export would contain, and what it leaves out for the partner. */
export type ReleaseCheck = {
  partner: string | null;
  included: number;
  withheld: { id: string; title: string; level: string; reason: string }[];
  /** withheld notes counted by reason, for the report */
  withheldByReason: { reason: string; count: number }[];
  /** the highest marking among the included notes (null when none) */
  highest: string | null;
  /** included notes above the scheme's confirmAbove level */
  aboveConfirm: number;
  confirmAbove: string;
};

/** Splits the notes of an export into included and withheld for `partner` (null: no partner filter). */
export function checkRelease(
  data: StoreData,
  notes: readonly Note[],
  partner: string | null,
): { included: Note[]; markings: Map<string, EffectiveMarking>; check: ReleaseCheck } {
  const r = releaseChecker(data, partner);
  for (const note of notes) r.add(note);
  return r.result();
}

/** The check built note by note (shared by the plain and the sliced form). */
export function releaseChecker(data: StoreData, partner: string | null) {
  const scheme = schemeOf(data);
  const included: Note[] = [];
  const markings = new Map<string, EffectiveMarking>();
  const withheld: ReleaseCheck['withheld'] = [];
  const byReason = new Map<string, number>();
  return {
    add(note: Note): void {
      const m = markingOfNote(data, note, scheme);
      if (partner !== null) {
        const r = releaseTo(data, scheme, note, partner);
        if (!r.ok) {
          withheld.push({ id: note.id, title: note.title, level: m.level, reason: r.reason });
          const key = r.reason.replace(/^.*?(?=(: not releasable|, but))/, m.level);
          byReason.set(key, (byReason.get(key) ?? 0) + 1);
          return;
        }
      }
      included.push(note);
      markings.set(note.id, m);
    },
    result(): { included: Note[]; markings: Map<string, EffectiveMarking>; check: ReleaseCheck } {
      const limit = rankOf(scheme, scheme.confirmAbove);
      const all = [...markings.values()];
      return {
        included,
        markings,
        check: {
          partner,
          included: included.length,
          withheld,
          withheldByReason: [...byReason].map(([reason, count]) => ({ reason, count })),
          highest: highestOf(all)?.level ?? null,
          aboveConfirm: all.filter((m) => m.rank > limit).length,
          confirmAbove: scheme.confirmAbove,
        },
      };
    },
  };
}

/**
 * Refuses an export holding notes above the confirmation level unless `allowMarking` names a level at or
 * above the highest one included (the UI sends it after the user confirmed; the CLI takes --allow-marking).
 */
export function assertExportAllowed(data: StoreData, check: ReleaseCheck, allowMarking?: string): void {
  if (check.aboveConfirm === 0 || check.highest === null) return;
  const scheme = schemeOf(data);
  if (allowMarking !== undefined && !levelNamed(scheme, allowMarking))
    throw new DossierError('BAD_INPUT', `${allowMarking} is not a level of this notebook's marking scheme.`);
  if (allowMarking !== undefined && rankOf(scheme, allowMarking) >= rankOf(scheme, check.highest)) return;
  throw new DossierError(
    'CONFIRM_REQUIRED',
    `${check.aboveConfirm} note${check.aboveConfirm === 1 ? '' : 's'} above ${check.confirmAbove} (up to ${check.highest}) would leave this machine. Confirm to export up to ${check.highest}.`,
    { count: check.aboveConfirm, highest: check.highest },
  );
}
