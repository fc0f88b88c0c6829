import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { CANARIES, fillNotebook } from './fixtures/full-notebook.js';
import { familyOf } from '../../electron/store/sealed/data-files.js';
import { convertDataDir, listDataFiles } from '../../electron/store/sealed/convert.js';
import {
  changePassphrase,
  disableProtection,
  enableProtection,
  finishConversion,
  newRecoveryKey,
} from '../../electron/store/sealed/protect.js';
import {
  readProtection,
  unlockDataKey,
  writeProtection,
} from '../../electron/store/sealed/protection-file.js';
import { isSealedFile, isSealedLine, keySealer } from '../../electron/store/sealed/sealer.js';
import { openStore, restoreBackup } from '../../electron/store/open-store.js';
import { loadStoreFile } from '../../electron/store/load.js';
import { hostInProcess } from '../../electron/shell/in-process-host.js';
import type { CallName, DossierApi } from '../../electron/contract/index.js';
import { call } from '../../electron/shell/dispatch.js';
import { openApp } from '../../electron/shell/open-app.js';

// Turning protection on and off over a notebook that uses every feature, with the real core and real files.

const PASS = 'correct horse battery';
let root: string;
let dataDir: string;

beforeAll(() => {
  process.env.DOSSIER_KDF_LOG2N = '10';
});
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dossier-protect-'));
  dataDir = path.join(root, 'data');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function filled(): Promise<void> {
  await fillNotebook(dataDir, path.join(root, 'scratch'));
}

/** Every file of the data folder with its bytes. */
async function snapshotDir(): Promise<Map<string, { bytes: Buffer; mtimeMs: number }>> {
  const out = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  for (const rel of await listDataFiles(dataDir)) {
    const p = path.join(dataDir, rel);
    out.set(rel, { bytes: await readFile(p), mtimeMs: (await stat(p)).mtimeMs });
  }
  return out;
}

/** Canary words as UTF-8 and UTF-16LE, case as planted and lower case. */
function needles(): { word: string; bytes: Buffer }[] {
  const out: { word: string; bytes: Buffer }[] = [];
  for (const word of Object.values(CANARIES))
    for (const w of new Set([word, word.toLowerCase()]))
      for (const enc of ['utf8', 'utf16le'] as const)
        out.push({ word: `${w} (${enc})`, bytes: Buffer.from(w, enc) });
  return out;
}

/** Calls through dispatch, as every shell does (input validated, defaults applied); throws the error. */
const api = (h: { api: DossierApi }) =>
  new Proxy({} as DossierApi, {
    get: (_t, name: string) => (input: unknown) => call(h.api, name as CallName, input),
  });

/** Every canary found in any file. */
async function leaks(): Promise<string[]> {
  const found: string[] = [];
  for (const [rel, { bytes }] of await snapshotDir()) {
    for (const n of needles()) if (bytes.includes(n.bytes)) found.push(`${rel}: ${n.word}`);
  }
  return found;
}

describe('the data-file registry', () => {
  it('knows every file a notebook using every feature writes', async () => {
    await filled();
    const files = await listDataFiles(dataDir);
    const families = new Set(files.map((f) => familyOf(f)?.name ?? `UNKNOWN ${f}`));
    expect([...families].filter((f) => f.startsWith('UNKNOWN'))).toEqual([]);
    // The fixture really reached every content family (else this test would prove little).
    for (const name of [
      'store',
      'backups',
      'backup attachment pool',
      'attachments',
      'extracted attachment text',
      'revisions',
      'export log',
      'search index cache',
      'link index cache',
    ])
      expect(families).toContain(name);
    // Before protection the canaries are there to be found: the scan below can fail.
    expect((await leaks()).length).toBeGreaterThan(0);
  });
});

describe('protect', () => {
  it('seals every file: no canary word or title is left in any byte of the data folder', async () => {
    await filled();
    const r = await enableProtection(dataDir, PASS);
    expect(r.recoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    expect(r.report.unknown).toEqual([]);
    expect(r.report.removed).toBeGreaterThanOrEqual(2); // the two index caches
    expect(await leaks()).toEqual([]);
    expect((await readProtection(dataDir))?.state).toBe('on');
    for (const rel of await listDataFiles(dataDir)) {
      const format = familyOf(rel)!.format;
      const bytes = await readFile(path.join(dataDir, rel));
      if (format === 'whole') expect(isSealedFile(bytes), rel).toBe(true);
      if (format === 'lines')
        for (const line of bytes.toString('utf8').split('\n').filter(Boolean))
          expect(isSealedLine(line), rel).toBe(true);
      expect(['whole', 'lines', 'plain'], rel).toContain(format);
    }
    // The store opens with the key and holds the notes.
    const sealer = keySealer(await unlockDataKey(r.file, { passphrase: PASS }), { requireSealed: true });
    const store = await openStore(dataDir, { sealer });
    expect(Object.values(store.get().notes).map((n) => n.title)).toContain(CANARIES.title);
    await store.close();
    // Without it, it is refused as locked.
    await expect(openStore(dataDir)).rejects.toMatchObject({ code: 'NOTEBOOK_LOCKED' });
  });

  it('keeps attachments and the backup pool as one file (hard link), sealed once', async () => {
    await filled();
    const before = (await listDataFiles(dataDir)).filter((f) => f.startsWith('backups/attachments/'));
    expect(before.length).toBeGreaterThan(0);
    await enableProtection(dataDir, PASS);
    for (const rel of before) {
      const pool = await stat(path.join(dataDir, rel));
      const blob = await stat(path.join(dataDir, rel.replace(/^backups\//, '')));
      expect(pool.ino).toBe(blob.ino);
      expect(pool.nlink).toBe(2);
    }
  });

  it('resumes a conversion cut short: sealed files are skipped, the rest sealed', async () => {
    await filled();
    const plain = await snapshotDir();
    const r = await enableProtection(dataDir, PASS);
    // As if the process died after sealing some files: put two plain ones back, state "converting".
    await writeFile(path.join(dataDir, 'dossier.json'), plain.get('dossier.json')!.bytes);
    const history = [...plain.keys()].find((k) => k.startsWith('history/'))!;
    await writeFile(path.join(dataDir, history), plain.get(history)!.bytes);
    await writeProtection(dataDir, { ...r.file, state: 'converting' });
    const resumed = await finishConversion(dataDir, { ...r.file, state: 'converting' }, r.dataKey);
    expect(resumed.report.converted).toBe(2);
    expect(resumed.report.skipped).toBeGreaterThan(3);
    expect(resumed.file?.state).toBe('on');
    expect(await leaks()).toEqual([]);
  });

  it('unprotect brings every file back to plain and removes protection.json', async () => {
    await filled();
    const r = await enableProtection(dataDir, PASS);
    await disableProtection(dataDir, await unlockDataKey(r.file, { passphrase: PASS }));
    expect(await readProtection(dataDir)).toBeNull();
    for (const rel of await listDataFiles(dataDir))
      expect(isSealedFile(await readFile(path.join(dataDir, rel))), rel).toBe(false);
    const store = await openStore(dataDir);
    expect(Object.values(store.get().notes).map((n) => n.title)).toContain(CANARIES.title);
    await store.close();
  });

  it('changing the passphrase rewraps the key only: no other file changes', async () => {
    await filled();
    const r = await enableProtection(dataDir, PASS);
    const before = await snapshotDir();
    await changePassphrase(dataDir, { passphrase: PASS }, 'a new passphrase here');
    const after = await snapshotDir();
    for (const [rel, b] of before) {
      if (rel === 'protection.json') continue;
      expect(after.get(rel)?.bytes.equals(b.bytes), rel).toBe(true);
      expect(after.get(rel)?.mtimeMs, rel).toBe(b.mtimeMs);
    }
    const file = (await readProtection(dataDir))!;
    await expect(unlockDataKey(file, { passphrase: PASS })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    expect((await unlockDataKey(file, { passphrase: 'a new passphrase here' })).equals(r.dataKey)).toBe(true);
    expect((await unlockDataKey(file, { recoveryKey: r.recoveryKey! })).equals(r.dataKey)).toBe(true);
    const fresh = await newRecoveryKey(dataDir, { passphrase: 'a new passphrase here' });
    await expect(unlockDataKey(fresh.file, { recoveryKey: r.recoveryKey! })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
  });

  it('a wrong passphrase writes nothing', async () => {
    await filled();
    await enableProtection(dataDir, PASS);
    const before = await snapshotDir();
    await expect(
      changePassphrase(dataDir, { passphrase: 'not the one' }, 'whatever else'),
    ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    const host = await hostInProcess(dataDir, 'cli', 'test');
    await expect(host.api['protection.unlock']({ passphrase: 'not the one' })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await expect(host.api['protection.disable']({ passphrase: 'not the one' })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await host.close();
    const after = await snapshotDir();
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [rel, b] of before) expect(after.get(rel)!.bytes.equals(b.bytes), rel).toBe(true);
  });
});

describe('the host of a protected notebook', () => {
  it('starts locked, unlocks, locks, and auto-locks after the idle minutes', async () => {
    await filled();
    await enableProtection(dataDir, PASS);
    let clock = 0;
    const host = await hostInProcess(dataDir, 'browser', 'test', { now: () => clock, autoLockTickMs: 20 });
    try {
      expect(await api(host)['protection.status']({})).toMatchObject({ protected: true, locked: true });
      await expect(api(host)['notes.list']({ filter: {} })).rejects.toMatchObject({
        code: 'NOTEBOOK_LOCKED',
      });
      await expect(api(host)['app.info']({})).rejects.toMatchObject({ code: 'NOTEBOOK_LOCKED' });
      expect(await api(host)['store.status']({})).toMatchObject({ locked: true });
      await api(host)['protection.unlock']({ passphrase: PASS });
      const list = await api(host)['notes.list']({ filter: {} });
      expect(list.items.map((n) => n.title)).toContain(CANARIES.title);
      await api(host)['protection.lock']({});
      await expect(api(host)['notes.get']({ id: list.items[0]!.id })).rejects.toMatchObject({
        code: 'NOTEBOOK_LOCKED',
      });
      // Auto-lock: one minute without a call by the user.
      await api(host)['protection.unlock']({ passphrase: PASS });
      await api(host)['protection.setAutoLock']({ minutes: 1 });
      clock += 30_000;
      await api(host)['notes.list']({ filter: {} });
      clock += 45_000;
      await api(host)['store.status']({}); // passive: does not count as use
      await new Promise((r) => setTimeout(r, 100));
      expect(await api(host)['protection.status']({})).toMatchObject({ locked: false });
      clock += 30_000;
      await new Promise((r) => setTimeout(r, 300));
      expect(await api(host)['protection.status']({})).toMatchObject({ locked: true, autoLockMinutes: 1 });
    } finally {
      await host.close();
    }
  });

  it('finishes a protect cut short on the next unlock', async () => {
    await filled();
    const plain = await snapshotDir();
    const r = await enableProtection(dataDir, PASS);
    await writeFile(path.join(dataDir, 'dossier.json'), plain.get('dossier.json')!.bytes);
    await writeProtection(dataDir, { ...r.file, state: 'converting' });
    const host = await hostInProcess(dataDir, 'browser', 'test');
    try {
      expect(await api(host)['protection.status']({})).toMatchObject({ locked: true, state: 'converting' });
      expect(await api(host)['protection.unlock']({ passphrase: PASS })).toMatchObject({
        locked: false,
        state: 'on',
      });
      expect(isSealedFile(await readFile(path.join(dataDir, 'dossier.json')))).toBe(true);
      expect((await api(host)['notes.list']({ filter: {} })).total).toBeGreaterThan(0);
    } finally {
      await host.close();
    }
  });

  it('enable and disable through the host: the notes stay, the files change format', async () => {
    await filled();
    const host = await hostInProcess(dataDir, 'browser', 'test');
    try {
      const enabled = await api(host)['protection.enable']({ passphrase: PASS, recoveryKey: true });
      expect(enabled.status).toMatchObject({ protected: true, locked: false, state: 'on' });
      expect(enabled.sealed).toBeGreaterThan(5);
      expect(isSealedFile(await readFile(path.join(dataDir, 'dossier.json')))).toBe(true);
      const n = await api(host)['notes.create']({ title: 'after protect', body: CANARIES.body });
      await api(host)['protection.lock']({});
      expect(await leaks()).toEqual([]);
      await api(host)['protection.unlock']({ recoveryKey: enabled.recoveryKey! });
      expect((await api(host)['notes.get']({ id: n.id })).title).toBe('after protect');
      const off = await api(host)['protection.disable']({ passphrase: PASS });
      expect(off).toMatchObject({ protected: false, locked: false, state: 'off' });
      expect(isSealedFile(await readFile(path.join(dataDir, 'dossier.json')))).toBe(false);
      expect((await api(host)['notes.get']({ id: n.id })).body).toBe(CANARIES.body);
    } finally {
      await host.close();
    }
  });
});

describe('a notebook created protected', () => {
  async function session(): Promise<void> {
    const host = await hostInProcess(dataDir, 'browser', 'test');
    try {
      await api(host)['protection.enable']({ passphrase: PASS, recoveryKey: false });
    } finally {
      await host.close();
    }
    const unlocked = await hostInProcess(dataDir, 'browser', 'test');
    await api(unlocked)['protection.unlock']({ passphrase: PASS });
    await unlocked.close();
    // The session of edits: every feature, on the protected notebook.
    const file = (await readProtection(dataDir))!;
    const key = await unlockDataKey(file, { passphrase: PASS });
    await fillNotebook(dataDir, path.join(root, 'scratch'), keySealer(key, { requireSealed: true }));
  }

  it('keeps every file sealed through a session of edits (store, journal, backups, history, caches, export log, attachments, extracted text)', async () => {
    await session();
    expect(await leaks()).toEqual([]);
  });
});

describe('tampering', () => {
  it('a flipped byte in the store is refused, kept aside, and the newest intact backup restores', async () => {
    await filled();
    await enableProtection(dataDir, PASS);
    const store = path.join(dataDir, 'dossier.json');
    const bytes = await readFile(store);
    bytes[bytes.length - 40] ^= 1;
    await writeFile(store, bytes);
    const host = await hostInProcess(dataDir, 'browser', 'test');
    try {
      await api(host)['protection.unlock']({ passphrase: PASS });
      expect(host.problem()).toMatchObject({ code: 'DATA_TAMPERED' });
      expect((await readFile(store)).equals(bytes)).toBe(true);
      const recovery = await api(host)['recovery.status']({});
      expect(recovery.backups.length).toBeGreaterThan(0);
      await expect(api(host)['notes.list']({ filter: {} })).rejects.toMatchObject({ code: 'DATA_TAMPERED' });
      await api(host)['recovery.restore']({});
      expect(host.problem()).toBeNull();
      const list = await api(host)['notes.list']({ filter: {} });
      expect(list.items.map((n) => n.title)).toContain(CANARIES.title);
    } finally {
      await host.close();
    }
    const kept = (await listDataFiles(dataDir)).filter((f) => /^dossier\.json\.(corrupt|replaced)-/.test(f));
    expect(kept.length).toBeGreaterThan(0);
    expect(await leaks()).toEqual([]);
  });

  it('a flipped byte in a journal line before its end is DATA_TAMPERED; a torn last line is a crash', async () => {
    await filled();
    const r = await enableProtection(dataDir, PASS);
    const key = await unlockDataKey(r.file, { passphrase: PASS });
    let store = await openStore(dataDir, { sealer: keySealer(Buffer.from(key), { requireSealed: true }) });
    for (const id of ['j1', 'j2', 'j3']) {
      const d = store.get();
      const now = new Date().toISOString();
      await store.commit({
        ...d,
        notes: {
          ...d.notes,
          [id]: {
            id,
            topicId: null,
            title: id,
            body: id,
            tags: [],
            pinned: false,
            createdAt: now,
            updatedAt: now,
          },
        },
      });
    }
    // Copy the journal as a crash would leave it, then let close() fold it in.
    const journal = path.join(dataDir, 'dossier.journal');
    const saved = await readFile(journal, 'utf8');
    await store.close();
    expect(saved.split('\n').filter(Boolean).every(isSealedLine)).toBe(true);
    const lines = saved.split('\n').filter(Boolean);
    // Torn tail: the last line cut in half, no newline.
    await writeFile(journal, lines.slice(0, 2).join('\n') + '\n' + lines[2]!.slice(0, 30));
    store = await openStore(dataDir, { sealer: keySealer(Buffer.from(key), { requireSealed: true }) });
    expect(Object.keys(store.get().notes)).toEqual(expect.arrayContaining(['j1', 'j2', 'j3']));
    await store.close();
    const flipped = lines.map((l, i) =>
      i === 1 ? l.slice(0, 20) + (l[20] === 'A' ? 'B' : 'A') + l.slice(21) : l,
    );
    await writeFile(journal, flipped.join('\n') + '\n');
    await expect(
      openStore(dataDir, { sealer: keySealer(Buffer.from(key), { requireSealed: true }) }),
    ).rejects.toMatchObject({ code: 'DATA_TAMPERED', message: /line 2/ });
    expect(await readFile(journal, 'utf8')).toBe(flipped.join('\n') + '\n');
  });

  it('a flipped byte in any sealed file of any family is detected, never read as garbage', async () => {
    await filled();
    const r = await enableProtection(dataDir, PASS);
    const sealer = keySealer(Buffer.from(r.dataKey), { requireSealed: true });
    const checked = new Set<string>();
    for (const rel of await listDataFiles(dataDir)) {
      const family = familyOf(rel)!;
      if (family.format !== 'whole' && family.format !== 'lines') continue;
      const bytes = await readFile(path.join(dataDir, rel));
      // Intact, it opens.
      if (family.format === 'whole') sealer.openFile(bytes, rel);
      else for (const l of bytes.toString('utf8').split('\n').filter(Boolean)) sealer.openLine(l, rel);
      for (const at of [0.1, 0.5, 0.95]) {
        const bad = Buffer.from(bytes);
        const i = Math.min(bad.length - 2, Math.max(12, Math.floor(bad.length * at)));
        if (family.format === 'whole') {
          bad[i] ^= 0x20;
          expect(() => sealer.openFile(bad, rel), rel).toThrow(
            expect.objectContaining({ code: 'DATA_TAMPERED' }),
          );
        } else {
          // A different base64 character inside a line (never the newline).
          const text = bytes.toString('utf8');
          let j = Math.floor(text.length * at);
          while (text[j] === '\n' || text.slice(j - 3, j + 1).includes(':')) j++;
          const swapped = text.slice(0, j) + (text[j] === 'A' ? 'B' : 'A') + text.slice(j + 1);
          expect(
            () =>
              swapped
                .split('\n')
                .filter(Boolean)
                .forEach((l) => sealer.openLine(l, rel)),
            rel,
          ).toThrow(expect.objectContaining({ code: 'DATA_TAMPERED' }));
        }
      }
      checked.add(family.name);
    }
    expect([...checked].sort()).toEqual(
      [
        'attachments',
        'backup attachment pool',
        'backups',
        'export log',
        'extracted attachment text',
        'revisions',
        'store',
      ].sort(),
    );
  });

  it('a tampered newest backup is skipped: the newest intact one is restored', async () => {
    await filled();
    const r = await enableProtection(dataDir, PASS);
    const backups = (await listDataFiles(dataDir))
      .filter((f) => /^backups\/dossier-.*\.json$/.test(f))
      .sort();
    expect(backups.length).toBeGreaterThanOrEqual(2);
    const newest = path.join(dataDir, backups[backups.length - 1]!);
    const bytes = await readFile(newest);
    bytes[bytes.length - 20] ^= 1;
    await writeFile(newest, bytes);
    const store = path.join(dataDir, 'dossier.json');
    const s = await readFile(store);
    s[100] ^= 1;
    await writeFile(store, s);
    const sealer = keySealer(Buffer.from(r.dataKey), { requireSealed: true });
    await expect(openStore(dataDir, { sealer })).rejects.toMatchObject({ code: 'DATA_TAMPERED' });
    const restored = await restoreBackup(dataDir, undefined, sealer);
    expect(restored.restored).toBe(path.basename(backups[backups.length - 2]!));
    const opened = await openStore(dataDir, { sealer });
    const backup = await loadStoreFile(path.join(dataDir, backups[backups.length - 2]!), { sealer });
    expect(opened.get()).toEqual(backup!.data);
    await opened.close();
  });

  it('a plain file planted in a protected notebook is refused, not read', async () => {
    await filled();
    const plain = await snapshotDir();
    const r = await enableProtection(dataDir, PASS);
    await copyFile(path.join(dataDir, 'dossier.json'), path.join(root, 'sealed.json'));
    await writeFile(path.join(dataDir, 'dossier.json'), plain.get('dossier.json')!.bytes);
    const key = await unlockDataKey(r.file, { passphrase: PASS });
    await expect(
      openStore(dataDir, { sealer: keySealer(key, { requireSealed: true }) }),
    ).rejects.toMatchObject({
      code: 'DATA_TAMPERED',
    });
  });
});

describe('the converter', () => {
  it('seals unknown files too and reports them', async () => {
    await filled();
    await writeFile(path.join(dataDir, 'notes-by-hand.txt'), `${CANARIES.body} typed by hand`);
    const r = await enableProtection(dataDir, PASS);
    expect(r.report.unknown).toEqual(['notes-by-hand.txt']);
    expect(await leaks()).toEqual([]);
    // Running it again changes nothing.
    const key = await unlockDataKey(r.file, { passphrase: PASS });
    const sealer = keySealer(key, { requireSealed: false });
    const again = await convertDataDir(dataDir, { from: sealer, to: sealer });
    expect(again.converted).toBe(0);
  });

  /**
   * A protected notebook with one note whose history holds a good line, then a line sealed under another
   * key (not from this notebook): damage the app has not read yet.
   */
  async function protectedWithDamagedHistory() {
    const app = await openApp(dataDir, 'cli');
    const n = await app.core.createNote({ title: 'Trial plan', body: `first ${CANARIES.body}` });
    await app.core.updateNote({ id: n.id, body: 'second' });
    await app.close();
    const r = await enableProtection(dataDir, PASS);
    const live = path.join(dataDir, 'history', `${n.id}.jsonl`);
    const foreign = keySealer(randomBytes(32), { requireSealed: true }).sealLine('{"rev":2}');
    await appendFile(live, foreign + '\n');
    return { n, r, live, foreign };
  }

  it('turns protection off and on again over a note history kept aside as damaged (its bad line as found)', async () => {
    const { n, r, foreign } = await protectedWithDamagedHistory();
    const sealed = keySealer(Buffer.from(r.dataKey), { requireSealed: true });
    const reopened = await openApp(dataDir, 'cli', { sealer: sealed });
    expect(await reopened.core.listRevisions(n.id)).toEqual([]);
    const [kept] = await reopened.core.keptHistory(n.id);
    await reopened.close();
    expect(familyOf(kept!.file)?.name).toBe('kept revisions');
    const keptFile = path.join(dataDir, ...kept!.file.split('/'));

    // Off: the good line is plain again, the bad one is carried as it is; nothing else refused it.
    await disableProtection(dataDir, Buffer.from(r.dataKey));
    const [good, bad] = (await readFile(keptFile, 'utf8')).split('\n').filter(Boolean);
    expect(JSON.parse(good!)).toMatchObject({ rev: 1, body: `first ${CANARIES.body}` });
    expect(bad).toBe(foreign);
    expect(await readProtection(dataDir)).toBeNull();

    // On again: every line sealed, no canary readable; the foreign line still as found.
    await enableProtection(dataDir, PASS);
    const lines = (await readFile(keptFile, 'utf8')).split('\n').filter(Boolean);
    expect(lines.every(isSealedLine)).toBe(true);
    expect(lines[1]).toBe(foreign);
    expect(await leaks()).toEqual([]);
  });

  it('turns protection off over a history damaged since it was last read: kept as found, a fresh one begins', async () => {
    const { n, r, live, foreign } = await protectedWithDamagedHistory();
    const damaged = await readFile(live, 'utf8');

    const report = await disableProtection(dataDir, Buffer.from(r.dataKey));
    expect(report.setAside).toEqual([`history/${n.id}.jsonl`]);
    expect(await readProtection(dataDir)).toBeNull();
    expect(existsSync(live)).toBe(false);
    const plain = await openApp(dataDir, 'cli');
    const [kept] = await plain.core.keptHistory(n.id);
    expect(familyOf(kept!.file)?.name).toBe('kept revisions');
    // The good line plain, the bad one as found; the file held nothing else.
    const [good, bad, ...rest] = (await readFile(path.join(dataDir, ...kept!.file.split('/')), 'utf8'))
      .split('\n')
      .filter(Boolean);
    expect(JSON.parse(good!)).toMatchObject({ rev: 1, body: `first ${CANARIES.body}` });
    expect(bad).toBe(foreign);
    expect(rest).toEqual([]);
    expect(damaged.split('\n').filter(Boolean)).toHaveLength(2);
    // The note's history starts again.
    await plain.core.updateNote({ id: n.id, body: 'third' });
    await plain.core.historyIdle();
    expect((await plain.core.listRevisions(n.id)).map((v) => v.body)).toEqual(['second']);
    await plain.close();
  });

  it('reads a history as the app does when turning protection off: a torn append with the next one on its line is no damage', async () => {
    const app = await openApp(dataDir, 'cli');
    const n = await app.core.createNote({ title: 'Trial plan', body: 'first' });
    await app.core.updateNote({ id: n.id, body: 'second' });
    await app.close();
    const r = await enableProtection(dataDir, PASS);
    const live = path.join(dataDir, 'history', `${n.id}.jsonl`);
    const sealer = keySealer(Buffer.from(r.dataKey), { requireSealed: true });
    const [good] = (await readFile(live, 'utf8')).split('\n');
    // An append a crash cut short, then the next append written right after it on the same line.
    const torn = sealer.sealLine('{"rev":2,"body":"lost"}').slice(0, 30);
    await appendFile(live, torn + good + '\n');
    const reopened = await openApp(dataDir, 'cli', { sealer });
    const readable = (await reopened.core.listRevisions(n.id)).map((v) => v.body);
    await reopened.close();
    expect(readable).toEqual(['first', 'first']);

    const report = await disableProtection(dataDir, Buffer.from(r.dataKey));
    expect(report.setAside).toEqual([]);
    const plain = await openApp(dataDir, 'cli');
    expect((await plain.core.listRevisions(n.id)).map((v) => v.body)).toEqual(readable);
    expect(await plain.core.keptHistory(n.id)).toEqual([]);
    await plain.close();
  });

  it('still refuses to turn protection off over a live line file that fails its check and is not a history', async () => {
    const app = await openApp(dataDir, 'cli');
    await app.core.createNote({ title: 'Trial plan', body: 'first' });
    await app.close();
    const r = await enableProtection(dataDir, PASS);
    const foreign = keySealer(randomBytes(32), { requireSealed: true }).sealLine('{"at":"2026-01-01"}');
    await appendFile(path.join(dataDir, 'exports.log.jsonl'), foreign + '\n');
    await expect(disableProtection(dataDir, Buffer.from(r.dataKey))).rejects.toMatchObject({
      code: 'DATA_TAMPERED',
    });
    expect(await readProtection(dataDir)).toMatchObject({ state: 'removing' });
  });
});
