import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { buildCli, runCli, type CliResult } from './run-cli.js';
import { openApp } from '../../electron/shell/open-app.js';
import { listDataFiles } from '../../electron/store/sealed/convert.js';
import { isSealedFile, keySealer } from '../../electron/store/sealed/sealer.js';

// `dossier protect / unprotect / passphrase` and a protected notebook's other commands, as a real process.

let cli = '';
const PASS = 'orange canal whistle';
let dir: string;
let dataDir: string;

beforeAll(async () => {
  cli = await buildCli('cli-protect');
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-cli-protect-'));
  dataDir = path.join(dir, 'data');
  const app = await openApp(dataDir, 'cli');
  await app.core.createNote({ title: 'Kick-off minutes', body: 'Seeker radar PLUMBAGOCANARY' });
  await app.close();
  await writeFile(path.join(dir, 'pass.txt'), `${PASS}\n`);
  await writeFile(path.join(dir, 'wrong.txt'), 'not the passphrase\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[], input = ''): Promise<CliResult> {
  return runCli(cli, args, { dataDir, input, env: { DOSSIER_KDF_LOG2N: '10' } });
}

async function dirBytes(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await listDataFiles(dataDir))
    out.set(rel, (await readFile(path.join(dataDir, rel))).toString('base64'));
  return out;
}

describe('dossier protect', () => {
  let recoveryKey = '';

  it('refuses a passphrase on the command line', async () => {
    const r = await run(['protect', PASS]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the passphrase is never one');
  });

  it('protects with a passphrase from stdin and prints the recovery key once, with the warning', async () => {
    const r = await run(['protect', '--passphrase-stdin'], `${PASS}\n`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Lose both and the notes are gone.');
    recoveryKey = /^ {4}([0-9A-Z-]{39})$/m.exec(r.out)![1]!;
    expect(isSealedFile(await readFile(path.join(dataDir, 'dossier.json')))).toBe(true);
    for (const [rel, b64] of await dirBytes())
      expect(Buffer.from(b64, 'base64').includes('PLUMBAGOCANARY'), rel).toBe(false);
    expect((await run(['protect', '--passphrase-file', path.join(dir, 'pass.txt')])).code).toBe(1);
  });

  it('every other command needs the passphrase; without a source it is a usage error', async () => {
    const r = await run(['stats']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--passphrase-file');
  });

  it('a wrong passphrase exits 1 and writes nothing', async () => {
    const before = await dirBytes();
    const r = await run(['stats', '--passphrase-file', path.join(dir, 'wrong.txt')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not open this notebook');
    const u = await run(['unprotect', '--passphrase-file', path.join(dir, 'wrong.txt')]);
    expect(u.code).toBe(1);
    expect(await dirBytes()).toEqual(before);
  });

  it('opens with the passphrase file: search finds the note', async () => {
    const r = await run([
      'search',
      'plumbagocanary',
      '--json',
      '--passphrase-file',
      path.join(dir, 'pass.txt'),
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { total: number }).total).toBe(1);
  });

  it('asks on a terminal without echoing the passphrase', async () => {
    if (!existsSync('/usr/bin/script')) return;
    const out = await new Promise<string>((resolve) => {
      const cmd = `${process.execPath} ${cli} stats`;
      const child = spawn('script', ['-qec', cmd, '/dev/null'], {
        env: { ...process.env, DOSSIER_DATA_DIR: dataDir, DOSSIER_KDF_LOG2N: '10' },
      });
      let text = '';
      let sent = false;
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        if (!sent && text.includes('Passphrase:')) {
          sent = true;
          child.stdin.write(`${PASS}\r`);
        }
      });
      child.on('exit', () => resolve(text));
    });
    expect(out).toContain('Passphrase:');
    expect(out).toContain('1 notes');
    expect(out).not.toContain(PASS);
  });

  it('changes the passphrase (current, then new on stdin); the old one stops working', async () => {
    const r = await run(['passphrase', '--passphrase-stdin'], `${PASS}\nsecond passphrase here\n`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((await run(['stats', '--passphrase-file', path.join(dir, 'pass.txt')])).code).toBe(1);
    expect((await run(['stats', '--passphrase-stdin'], 'second passphrase here\n')).code).toBe(0);
  });

  it('unprotects with the recovery key; then no passphrase is needed', async () => {
    await writeFile(path.join(dir, 'recovery.txt'), `${recoveryKey.toLowerCase()}\n`);
    // A note history damaged on disk (a line sealed under another key) is kept aside, not a reason to refuse.
    const foreign = keySealer(randomBytes(32), { requireSealed: true }).sealLine('{"rev":1}');
    await mkdir(path.join(dataDir, 'history'), { recursive: true });
    await writeFile(path.join(dataDir, 'history', 'kickoff0001.jsonl'), `${foreign}\n`);
    const r = await run(['unprotect', '--recovery-key-file', path.join(dir, 'recovery.txt')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('kept as found beside a fresh one (.corrupt-<time>): history/kickoff0001.jsonl');
    expect(existsSync(path.join(dataDir, 'protection.json'))).toBe(false);
    const s = await run(['search', 'plumbagocanary', '--json']);
    expect(s.code).toBe(0);
    expect((JSON.parse(s.out) as { total: number }).total).toBe(1);
  });
});
