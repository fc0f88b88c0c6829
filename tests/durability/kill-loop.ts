import { spawn } from 'node:child_process';
import path from 'node:path';
import { seededRandom } from '../../bench/random.js';

// Fault injection shared by the kill -9 tests: a child script works on a data dir, prints `ready` once it
// runs and `ack N` for every piece of work it saw acknowledged; it is SIGKILLed at a chosen moment.

const repo = path.resolve(import.meta.dirname, '..', '..');

/** Runs `script dataDir`, kills it `delayMs` after it says ready, and answers the last ack it printed. */
export function runAndKill(
  script: string,
  dataDir: string,
  delayMs: number,
  env: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: repo,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    let lastAck = 0;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
        const m = /^ack (\d+)$/.exec(line);
        if (m) lastAck = Number(m[1]);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(lastAck) : reject(new Error(`child ended without kill: ${err}`)),
    );
  });
}

export type KillLoop = {
  script: string;
  dataDir: string;
  kills: number;
  /** Seed of the delays, so a failing run can be repeated. */
  seed: number;
  /** The delay (ms) after `ready` for one kill, drawn from the seeded random numbers in [0, 1). */
  delay: (rand: () => number) => number;
  env?: Record<string, string>;
  /** Checks the data dir after kill number `kill` (1-based); `acknowledged` is the highest ack seen so far. */
  verify: (kill: number, acknowledged: number) => Promise<void>;
};

/** Runs and kills the child `kills` times, verifying after each kill; answers the highest ack seen. */
export async function killRepeatedly({ script, dataDir, kills, seed, delay, env, verify }: KillLoop) {
  const rand = seededRandom(seed);
  let acknowledged = 0;
  for (let i = 0; i < kills; i++) {
    acknowledged = Math.max(acknowledged, await runAndKill(script, dataDir, delay(rand), env));
    await verify(i + 1, acknowledged);
  }
  return acknowledged;
}
