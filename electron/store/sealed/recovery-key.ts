import { randomBytes } from 'node:crypto';

/**
 * The one-time recovery key: 160 random bits written in Crockford's base32 (no I, L, O, U, so nothing
 * reads as another character), in groups of four: "7KQ2-M9XD-…". Parsing forgives case, spaces, dashes and
 * the look-alikes Crockford maps (O→0, I/L→1).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_BYTES = 20;
const KEY_CHARS = (KEY_BYTES * 8) / 5;

export function newRecoveryKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function formatRecoveryKey(raw: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of raw) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{1,4}/g)!.join('-');
}

/** The key's bytes, or null when the text is not a recovery key. */
export function parseRecoveryKey(text: string): Buffer | null {
  const chars = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (chars.length !== KEY_CHARS) return null;
  const out = Buffer.alloc(KEY_BYTES);
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const c of chars) {
    const digit = ALPHABET.indexOf(c);
    if (digit < 0) return null;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      out[i++] = (value >>> (bits - 8)) & 255;
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return out;
}
