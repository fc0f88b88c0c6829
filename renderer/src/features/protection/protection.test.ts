import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idleTracker, autoLockLabel } from './idle';
import { isLockChord } from './lock-chord';
import { MIN_PASSPHRASE, passphraseProblem, passphraseStrength } from './strength';
import { noteSearchKeymap } from '../editor/note-search';

describe('passphrase strength hint', () => {
  it('grades by length in characters, not bytes', () => {
    expect(passphraseStrength('abc').level).toBe('too-short');
    expect(passphraseStrength('äöüäöüä').level).toBe('too-short');
    expect(passphraseStrength('äöüäöüäö').level).toBe('fair');
    expect(passphraseStrength('x'.repeat(12)).level).toBe('good');
    expect(passphraseStrength('x'.repeat(20)).level).toBe('strong');
  });

  it('never rates a longer passphrase lower than a shorter prefix of it', () => {
    const rank = { 'too-short': 0, fair: 1, good: 2, strong: 3 } as const;
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 10 }), (a, b) => {
        expect(rank[passphraseStrength(a + b).level]).toBeGreaterThanOrEqual(
          rank[passphraseStrength(a).level],
        );
      }),
    );
  });

  it('asks for the minimum length and two equal entries', () => {
    expect(passphraseProblem('short', 'short')).toContain(`${MIN_PASSPHRASE} characters`);
    expect(passphraseProblem('long enough', 'long enougH')).toBe('The two passphrases differ.');
    expect(passphraseProblem('long enough', 'long enough')).toBeNull();
  });
});

describe('idle tracker', () => {
  it('is due once the minutes pass without input, and input starts the count again', () => {
    let now = 1_000_000;
    const idle = idleTracker(5, { now: () => now });
    now += 4 * 60_000;
    expect(idle.due()).toBe(false);
    expect(idle.remaining()).toBe(60_000);
    idle.touch();
    now += 4 * 60_000 + 59_999;
    expect(idle.due()).toBe(false);
    now += 1;
    expect(idle.due()).toBe(true);
    expect(idle.remaining()).toBe(0);
  });

  it('is never due when auto-lock is off', () => {
    let now = 0;
    const idle = idleTracker(null, { now: () => now });
    now += 10 * 24 * 3600_000;
    expect(idle.due()).toBe(false);
    expect(idle.remaining()).toBeNull();
  });

  it('labels the settings plainly', () => {
    expect(autoLockLabel(null)).toBe('Off');
    expect(autoLockLabel(5)).toBe('After 5 minutes idle');
    expect(autoLockLabel(60)).toBe('After 1 hour idle');
    expect(autoLockLabel(120)).toBe('After 2 hours idle');
  });
});

describe('lock shortcut', () => {
  const key = (over: Partial<KeyboardEvent>) =>
    ({
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      code: 'KeyL',
      key: 'l',
      ...over,
    }) as KeyboardEvent;

  it('is Ctrl+Shift+L or Cmd+Shift+L, whatever the layout prints', () => {
    expect(isLockChord(key({ ctrlKey: true, shiftKey: true, key: 'L' }))).toBe(true);
    expect(isLockChord(key({ metaKey: true, shiftKey: true, key: 'L' }))).toBe(true);
    // A layout where the physical L key types something else.
    expect(isLockChord(key({ ctrlKey: true, shiftKey: true, key: 'Л' }))).toBe(true);
    expect(isLockChord(key({ ctrlKey: true, key: 'l' }))).toBe(false);
    expect(isLockChord(key({ ctrlKey: true, shiftKey: true, altKey: true }))).toBe(false);
    expect(isLockChord(key({ shiftKey: true, key: 'L' }))).toBe(false);
  });

  it('is not also bound in the note editor (CodeMirror binds Mod-Shift-l to select every match)', () => {
    expect(noteSearchKeymap.some((b) => b.key === 'Mod-Shift-l')).toBe(false);
    expect(noteSearchKeymap.some((b) => b.key === 'Mod-f')).toBe(true);
  });
});
