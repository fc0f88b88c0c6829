import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createProtection,
  readProtection,
  replaceRecoveryKey,
  rewrapPassphrase,
  unlockDataKey,
  writeProtection,
  PROTECTION_FILE,
} from './protection-file.js';
import { formatRecoveryKey, parseRecoveryKey } from './recovery-key.js';
import { DossierError } from '../../domain/errors.js';

const kdf = { name: 'scrypt' as const, log2N: 10, r: 8, p: 1 };
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e) => (e instanceof DossierError ? e.code : String(e)),
  );

describe('protection file', () => {
  it('unwraps the data key with the passphrase or the recovery key, and nothing else', async () => {
    const { file, dataKey, recoveryKey } = await createProtection('correct horse battery', { kdf });
    expect(file.state).toBe('converting');
    expect((await unlockDataKey(file, { passphrase: 'correct horse battery' })).equals(dataKey)).toBe(true);
    expect((await unlockDataKey(file, { recoveryKey: recoveryKey!.toLowerCase() })).equals(dataKey)).toBe(
      true,
    );
    expect(await codeOf(unlockDataKey(file, { passphrase: 'correct horse batterz' }))).toBe(
      'WRONG_PASSPHRASE',
    );
    expect(await codeOf(unlockDataKey(file, { recoveryKey: 'AAAA-BBBB' }))).toBe('WRONG_PASSPHRASE');
    // The JSON holds neither the key nor the passphrase.
    const text = JSON.stringify(file);
    expect(text).not.toContain('correct horse');
    expect(text).not.toContain(dataKey.toString('base64'));
  });

  it('rewraps for a new passphrase: the old one stops working, the key and recovery key stay', async () => {
    const { file, dataKey, recoveryKey } = await createProtection('first passphrase', { kdf });
    const next = await rewrapPassphrase(file, dataKey, 'second passphrase');
    expect(await codeOf(unlockDataKey(next, { passphrase: 'first passphrase' }))).toBe('WRONG_PASSPHRASE');
    expect((await unlockDataKey(next, { passphrase: 'second passphrase' })).equals(dataKey)).toBe(true);
    expect((await unlockDataKey(next, { recoveryKey: recoveryKey! })).equals(dataKey)).toBe(true);
    const replaced = await replaceRecoveryKey(next, dataKey);
    expect(await codeOf(unlockDataKey(replaced.file, { recoveryKey: recoveryKey! }))).toBe(
      'WRONG_PASSPHRASE',
    );
    expect((await unlockDataKey(replaced.file, { recoveryKey: replaced.recoveryKey })).equals(dataKey)).toBe(
      true,
    );
  });

  it('refuses short passphrases with advice', async () => {
    expect(await codeOf(createProtection('short', { kdf }))).toBe('BAD_INPUT');
    expect(await codeOf(createProtection('         ', { kdf }))).toBe('BAD_INPUT');
  });

  it('a damaged protection.json is refused, not replaced', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dossier-prot-'));
    expect(await readProtection(dir)).toBeNull();
    const { file } = await createProtection('a passphrase', { kdf });
    await writeProtection(dir, file);
    expect(await readProtection(dir)).toEqual(file);
    await writeFile(path.join(dir, PROTECTION_FILE), '{"format":"dossier-protection"');
    expect(await codeOf(readProtection(dir))).toBe('DATA_TAMPERED');
  });
});

describe('recovery key text', () => {
  it('formats and parses back any key, forgiving case, spaces and look-alikes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        const text = formatRecoveryKey(Buffer.from(bytes));
        expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
        expect(parseRecoveryKey(text)!.equals(Buffer.from(bytes))).toBe(true);
        const sloppy = ` ${text.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l')} `;
        expect(parseRecoveryKey(sloppy)!.equals(Buffer.from(bytes))).toBe(true);
      }),
    );
    expect(parseRecoveryKey('not a key')).toBeNull();
  });
});
