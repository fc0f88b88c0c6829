import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { keySealer } from '../../electron/store/sealed/sealer.js';

/** A protected notebook's sealer, as after unlock: every file it reads must be sealed. */
export const protectedSealer = () => keySealer(randomBytes(32), { requireSealed: true });

/** Words planted in notes and files; none may appear in the raw bytes of a sealed file family. */
export const CANARIES = ['Quokkatrombone', 'Zeppelinmarmalade', 'Hexapodwalrus'] as const;

/** Every file below `dir` (recursively) whose path relative to it matches `keep`. */
export async function filesUnder(
  dir: string,
  keep: (rel: string) => boolean = () => true,
): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => keep(path.relative(dir, f)));
}

/** Asserts that at least one file is given and none holds any canary (as UTF-8, UTF-16 or lower case). */
export async function expectNoCanaries(files: string[]): Promise<void> {
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    const bytes = await readFile(f);
    for (const word of CANARIES)
      for (const form of [word, word.toLowerCase()])
        for (const enc of ['utf8', 'utf16le'] as const)
          expect(bytes.includes(Buffer.from(form, enc)), `${form} (${enc}) in ${f}`).toBe(false);
  }
}

/** Flips one byte in the middle of a file's bytes. */
export function flipped(bytes: Buffer, at = Math.floor(bytes.length / 2)): Buffer {
  const copy = Buffer.from(bytes);
  copy[at]! ^= 0x20;
  return copy;
}
