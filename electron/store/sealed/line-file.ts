import { DossierError } from '../../domain/errors.js';
import { LINE_PREFIX, type Sealer } from './sealer.js';

/**
 * Reading and writing line files (history, export log) through the sealer. Appending stays an append, so a
 * crash can leave a torn last line, and a later append can land right after it on the same line. Those
 * leftovers are skipped, as the plain JSON readers skip an unparsable line; any other line that fails its
 * check is DATA_TAMPERED. With the plain sealer every line comes back exactly as written.
 */

export const isTampered = (err: unknown) => err instanceof DossierError && err.code === 'DATA_TAMPERED';

/** A sealed line (or a cut-off start of one, down to part of its prefix) with another one right after it. */
function mergedAppend(line: string): boolean {
  const next = line.indexOf(LINE_PREFIX, 1);
  return next > 0 && (line.startsWith(LINE_PREFIX) || LINE_PREFIX.startsWith(line.slice(0, next)));
}

/**
 * The plaintexts of one non-empty line of a line file; `tail`: it is the last and may lack its newline.
 * Torn appends are skipped as described at the top; any other piece that fails its check throws.
 */
export function openLineOf(sealer: Sealer, line: string, tail: boolean, what: string): string[] {
  // Sealed lines are base64 after their prefix (no ':'), so a second prefix on one line means a torn
  // line with the next append right after it; those are opened piece by piece.
  const pieces = mergedAppend(line) ? line.split(new RegExp(`(?=${LINE_PREFIX})`)) : [line];
  const out: string[] = [];
  for (let j = 0; j < pieces.length; j++) {
    try {
      out.push(sealer.openLine(pieces[j]!, what));
    } catch (err) {
      // Only the last line can lack its newline: that is an append a crash cut short.
      if (!isTampered(err) || !(j < pieces.length - 1 || tail)) throw err;
    }
  }
  return out;
}

/** The plaintext of every non-empty line of `text` (a line file's content), in order. */
export function openLines(sealer: Sealer, text: string, what: string): string[] {
  const raw = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++)
    if (raw[i]!.trim()) out.push(...openLineOf(sealer, raw[i]!, i === raw.length - 1, what));
  return out;
}

/** Lines as a line file holds them: each sealed (or as is), each ended by a newline. */
export function sealLines(sealer: Sealer, lines: readonly string[]): string {
  return lines.map((l) => sealer.sealLine(l) + '\n').join('');
}
