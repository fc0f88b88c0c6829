import { describe, expect, it } from 'vitest';
import { ID_ALPHABET, newId } from './new-id.js';

describe('newId', () => {
  it('makes distinct 12-character ids of letters and digits, any of them first', () => {
    const ids = Array.from({ length: 20_000 }, newId);
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // With 20,000 draws each of the 62 first characters turns up (a miss has odds below 1e-130):
    // the alphabet is used whole and evenly enough, and nothing but it is ever first.
    expect(new Set(ids.map((id) => id[0])).size).toBe(ID_ALPHABET.length);
  });
});
