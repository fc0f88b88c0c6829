import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { HEADER_BYTES, SEGMENT_BYTES, keySealer, openStream, plainSealer, isSealedFile } from './sealer.js';
import { DossierError } from '../../domain/errors.js';

const key = () => randomBytes(32);
const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof DossierError ? err.code : `not a DossierError: ${String(err)}`;
  }
};

/** Sizes around segment boundaries, where off-by-one mistakes live. */
const sizes = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.integer({ min: -2, max: 2 }).map((d) => SEGMENT_BYTES + d),
  fc.integer({ min: -2, max: 2 }).map((d) => 3 * SEGMENT_BYTES + d),
  fc.integer({ min: 0, max: 4 * SEGMENT_BYTES }),
);

function pieces(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  out.push(bytes.subarray(at));
  return out;
}

describe('sealed files', () => {
  it('round-trip any bytes, however the stream is cut, in both directions', () => {
    const sealer = keySealer(key(), { requireSealed: true });
    fc.assert(
      fc.property(
        sizes,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (size, cutsIn, cutsOut) => {
          const plain = randomBytes(size);
          const enc = sealer.fileEncoder();
          const sealed = Buffer.concat([...pieces(plain, cutsIn).map((p) => enc.update(p)), enc.final()]);
          expect(isSealedFile(sealed)).toBe(true);
          expect(sealed.length).toBe(
            HEADER_BYTES + plain.length + 16 * Math.max(1, Math.ceil(plain.length / SEGMENT_BYTES)),
          );
          const dec = sealer.fileDecoder('test file');
          const back = Buffer.concat([...pieces(sealed, cutsOut).map((p) => dec.update(p)), dec.final()]);
          expect(back.equals(plain)).toBe(true);
          expect(sealer.openFile(sealer.sealFile(plain), 'x').equals(plain)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('hold no plaintext and differ each time (fresh nonces)', () => {
    const sealer = keySealer(key(), { requireSealed: true });
    const plain = Buffer.from('CANARY-Fraunhofer sensor trial plan '.repeat(5000));
    const a = sealer.sealFile(plain);
    const b = sealer.sealFile(plain);
    expect(a.includes(Buffer.from('CANARY'))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it('detect a flipped bit anywhere, a cut anywhere, and swapped segments', () => {
    const sealer = keySealer(key(), { requireSealed: true });
    const plain = randomBytes(2 * SEGMENT_BYTES + 100);
    const sealed = sealer.sealFile(plain);
    fc.assert(
      fc.property(fc.nat({ max: sealed.length - 1 }), fc.integer({ min: 0, max: 7 }), (at, bit) => {
        const bad = Buffer.from(sealed);
        bad[at]! ^= 1 << bit;
        expect(codeOf(() => sealer.openFile(bad, 'f'))).toMatch(/DATA_TAMPERED|STORE_VERSION/);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.nat({ max: sealed.length - 1 }), (len) => {
        expect(codeOf(() => sealer.openFile(sealed.subarray(0, len), 'f'))).toBe('DATA_TAMPERED');
      }),
      { numRuns: 200 },
    );
    // Cut exactly after a whole segment: the file looks well-formed but its last segment is not marked last.
    const seg = SEGMENT_BYTES + 16;
    expect(codeOf(() => sealer.openFile(sealed.subarray(0, HEADER_BYTES + seg), 'f'))).toBe('DATA_TAMPERED');
    const swapped = Buffer.concat([
      sealed.subarray(0, HEADER_BYTES),
      sealed.subarray(HEADER_BYTES + seg, HEADER_BYTES + 2 * seg),
      sealed.subarray(HEADER_BYTES, HEADER_BYTES + seg),
      sealed.subarray(HEADER_BYTES + 2 * seg),
    ]);
    expect(codeOf(() => sealer.openFile(swapped, 'f'))).toBe('DATA_TAMPERED');
  });

  it('another key cannot open them', () => {
    const sealed = keySealer(key(), { requireSealed: true }).sealFile(Buffer.from('secret'));
    expect(codeOf(() => keySealer(key(), { requireSealed: true }).openFile(sealed, 'f'))).toBe(
      'DATA_TAMPERED',
    );
  });

  it('a plain file is refused once protection is on, read while converting, and a sealed one needs the key', () => {
    const plain = Buffer.from('{"notes":{}}');
    expect(codeOf(() => keySealer(key(), { requireSealed: true }).openFile(plain, 'dossier.json'))).toBe(
      'DATA_TAMPERED',
    );
    expect(keySealer(key(), { requireSealed: false }).openFile(plain, 'f').equals(plain)).toBe(true);
    const sealed = keySealer(key(), { requireSealed: true }).sealFile(plain);
    expect(codeOf(() => plainSealer.openFile(sealed, 'f'))).toBe('NOTEBOOK_LOCKED');
    expect(codeOf(() => plainSealer.fileDecoder('f').update(sealed))).toBe('NOTEBOOK_LOCKED');
    expect(plainSealer.openFile(plain, 'f').equals(plain)).toBe(true);
  });

  it('a forgotten key seals and opens nothing', () => {
    const sealer = keySealer(key(), { requireSealed: true });
    const sealed = sealer.sealFile(Buffer.from('x'));
    sealer.forget();
    expect(codeOf(() => sealer.openFile(sealed, 'f'))).toBe('NOTEBOOK_LOCKED');
    expect(codeOf(() => sealer.sealLine('x'))).toBe('NOTEBOOK_LOCKED');
  });

  it('stream through openStream in pieces', async () => {
    const sealer = keySealer(key(), { requireSealed: true });
    const plain = randomBytes(5 * SEGMENT_BYTES + 7);
    const sealed = sealer.sealFile(plain);
    async function* source() {
      for (let i = 0; i < sealed.length; i += 40_000) yield sealed.subarray(i, i + 40_000);
    }
    const out: Buffer[] = [];
    for await (const p of openStream(sealer, source(), 'f')) out.push(p);
    expect(Buffer.concat(out).equals(plain)).toBe(true);
  });
});

describe('sealed lines', () => {
  it('round-trip any text and fail on any change', () => {
    const sealer = keySealer(key(), { requireSealed: true });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const line = sealer.sealLine(text);
        expect(line).not.toContain('\n');
        expect(sealer.openLine(line, 'j')).toBe(text);
        expect(codeOf(() => sealer.openLine(line.slice(0, -4), 'j'))).toBe('DATA_TAMPERED');
      }),
      { numRuns: 100 },
    );
    expect(codeOf(() => plainSealer.openLine(sealer.sealLine('x'), 'j'))).toBe('NOTEBOOK_LOCKED');
    expect(codeOf(() => sealer.openLine('{"a":1}', 'j'))).toBe('DATA_TAMPERED');
    expect(keySealer(key(), { requireSealed: false }).openLine('{"a":1}', 'j')).toBe('{"a":1}');
  });
});
