import { diffLines } from 'diff';
import type { DiffPart } from '../../domain/records.js';

/** Line diff between two texts, for the history view. */
export function diffText(before: string, after: string): DiffPart[] {
  return diffLines(before, after).map((p) => ({
    kind: p.added ? 'added' : p.removed ? 'removed' : 'same',
    text: p.value,
  }));
}
