import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { HEADER_BYTES, SEGMENT_BYTES, keySealer, plainSealer, type RangeReader } from './sealer.js';
import { DossierError } from '../../domain/errors.js';

const readerOf =
  (bytes: Buffer): RangeReader =>
  async (position, length) =>
    bytes.subarray(position, position + length);

const codeOf = async (p: Promise<unknown>): Promise<string | null> =>
  p.then(
    () => null,
    (err: unknown) => (err instanceof DossierError ? err.code : `not a DossierError: ${String(err)}`),
  );

const sizes = fc.oneof(
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: -2, max: 2 }).map((d) => SEGMENT_BYTES + d),
  fc.integer({ min: -2, max: 2 }).map((d) => 3 * SEGMENT_BYTES + d),
  fc.integer({ min: 0, max: 4 * SEGMENT_BYTES }),
);

describe('random access into sealed files (readRange)', () => {
  it('gives exactly the plaintext slice for any range, sealed or plain', async () => {
    const sealer = keySealer(randomBytes(32), { requireSealed: true });
    await fc.assert(
      fc.asyncProperty(sizes, fc.nat(), fc.nat(), async (size, a, b) => {
        const plain = randomBytes(size);
        const sealed = sealer.sealFile(plain);
        const start = a % (size + 2);
        const end = start + (b % (2 * SEGMENT_BYTES + 3));
        const want = plain.subarray(start, end);
        const got = await sealer.readRange(readerOf(sealed), sealed.length, start, end, 'f');
        expect(got.equals(want)).toBe(true);
        const plainGot = await plainSealer.readRange(readerOf(plain), plain.length, start, end, 'f');
        expect(plainGot.equals(want)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('detects a flipped byte in the segments it reads, and a file cut at a segment boundary', async () => {
    const sealer = keySealer(randomBytes(32), { requireSealed: true });
    const plain = randomBytes(3 * SEGMENT_BYTES + 100);
    const sealed = sealer.sealFile(plain);
    const flipped = Buffer.from(sealed);
    flipped[HEADER_BYTES + SEGMENT_BYTES + 16 + 5]! ^= 1; // inside segment 2
    expect(
      await codeOf(
        sealer.readRange(readerOf(flipped), flipped.length, SEGMENT_BYTES, SEGMENT_BYTES + 10, 'f'),
      ),
    ).toBe('DATA_TAMPERED');
    // Cut after two whole segments: the new last one was not sealed as the last one.
    const cut = sealed.subarray(0, HEADER_BYTES + 2 * (SEGMENT_BYTES + 16));
    expect(
      await codeOf(sealer.readRange(readerOf(cut), cut.length, SEGMENT_BYTES, SEGMENT_BYTES + 10, 'f')),
    ).toBe('DATA_TAMPERED');
    // A plain file where sealed ones are required, and a sealed file without the key.
    expect(await codeOf(sealer.readRange(readerOf(plain), plain.length, 0, 10, 'f'))).toBe('DATA_TAMPERED');
    expect(await codeOf(plainSealer.readRange(readerOf(sealed), sealed.length, 0, 10, 'f'))).toBe(
      'NOTEBOOK_LOCKED',
    );
  });
});
