/** The shortest passphrase the app accepts when protecting a notebook or changing its passphrase. */
export const MIN_PASSPHRASE = 8;

export type Strength = { level: 'too-short' | 'fair' | 'good' | 'strong'; text: string };

/**
 * A plain, length-based hint (no dictionary, no new dependency): scrypt makes each guess slow, so length is
 * what the user controls best. Counted in code points, so "äöü" is three characters, not six bytes.
 */
export function passphraseStrength(passphrase: string): Strength {
  const n = [...passphrase].length;
  if (n < MIN_PASSPHRASE)
    return { level: 'too-short', text: `Too short: use at least ${MIN_PASSPHRASE} characters.` };
  if (n < 12) return { level: 'fair', text: 'Fair. A longer passphrase (12 or more characters) is safer.' };
  if (n < 20) return { level: 'good', text: 'Good.' };
  return { level: 'strong', text: 'Strong.' };
}

/** Why the pair of fields cannot be used yet, or null when it can. */
export function passphraseProblem(first: string, second: string): string | null {
  if ([...first].length < MIN_PASSPHRASE) return `Use at least ${MIN_PASSPHRASE} characters.`;
  if (first !== second) return 'The two passphrases differ.';
  return null;
}
