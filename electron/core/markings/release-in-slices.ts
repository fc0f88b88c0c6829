import type { Note, StoreData } from '../../domain/model.js';
import { inSlices } from '../../domain/slices.js';
import { releaseChecker, type ReleaseCheck } from './release.js';
import type { EffectiveMarking } from './resolve.js';

// Apart from release.ts, whose types the contract (and so the renderer's compile) reads: this one needs
// the event loop.

/** checkRelease in time slices (≈30 ms in one piece for 50,000 notes): the same result. */
export async function checkReleaseInSlices(
  data: StoreData,
  notes: readonly Note[],
  partner: string | null,
): Promise<{ included: Note[]; markings: Map<string, EffectiveMarking>; check: ReleaseCheck }> {
  const r = releaseChecker(data, partner);
  await inSlices(notes, (note) => r.add(note));
  return r.result();
}
