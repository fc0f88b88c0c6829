import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import { writeHostileArchives } from '../zip-archives.js';

/**
 * The hostile archives of issue 11 imported by the built `dossier` command (dist/cli/dossier.js) in a
 * child process: wall time and peak RSS of each. The corpus size does not apply; run it with
 * `npm run bench -- --suite zip-import --sizes 0`.
 */
export const zipImportSuite: BenchSuite = {
  name: 'zip-import',
  async run(notes, { tmpDir, log }) {
    const hook = path.join(tmpDir, 'rss-hook.cjs');
    await writeFile(
      hook,
      "process.on('exit', () => require('node:fs').writeSync(2, `\\nMAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n",
    );
    const cli = path.join(process.cwd(), 'dist', 'cli', 'dossier.js');
    const rows: BenchRow[] = [];
    for (const [i, a] of writeHostileArchives(tmpDir).entries()) {
      const r = await timedImport(cli, hook, a.file, path.join(tmpDir, `data-${i}`));
      log(`${a.label}: exit ${r.code}, ${round(r.ms, 0)} ms, peak RSS ${round(r.rssMb, 0)} MB`);
      rows.push(
        { suite: 'zip-import', notes, metric: `${a.label}: time`, value: round(r.ms, 0), unit: 'ms' },
        { suite: 'zip-import', notes, metric: `${a.label}: peak RSS`, value: round(r.rssMb, 0), unit: 'MB' },
      );
    }
    return rows;
  },
};

function timedImport(
  cli: string,
  hook: string,
  archive: string,
  dataDir: string,
): Promise<{ code: number | null; ms: number; rssMb: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-r', hook, cli, 'import', archive], {
      env: { ...process.env, DOSSIER_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const kb = Number(/MAXRSS_KB=(\d+)/.exec(err)?.[1] ?? NaN);
      resolve({ code, ms: performance.now() - t0, rssMb: kb / 1024 });
    });
  });
}
