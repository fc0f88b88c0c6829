// `npm test`: typecheck, lint, format check, dependency rules, build, Electronegativity, then every vitest project; always ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
mkdirSync('test-artifacts', { recursive: true });

function step(label, cmd, args) {
  process.stdout.write(`\n▶ ${label}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stdout.write(`\n${label} failed.\n0 passed, 1 failed\n`);
    process.exit(1);
  }
}

step('typecheck', npm, ['run', '-s', 'typecheck']);
step('lint', npm, ['run', '-s', 'lint']);
step('format', npx, ['prettier', '--check', '--log-level', 'warn', '.']);
// The layers of docs/architecture.md (.dependency-cruiser.cjs): arrows only point down, no cycles.
step('dependency rules', npx, [
  'depcruise',
  'electron',
  'renderer/src',
  '--config',
  '.dependency-cruiser.cjs',
]);
step('build', npm, ['run', '-s', 'build']);
// Electronegativity over the built app: high/medium findings must be fixed or explained (scripts/electronegativity-allow.json).
step('electronegativity', process.execPath, ['scripts/electronegativity.mjs']);
const extra = process.argv.slice(2);
process.stdout.write('\n▶ tests\n');
spawnSync(
  npx,
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-artifacts/vitest.json',
    ...extra,
  ],
  { stdio: 'inherit' },
);
const summary = spawnSync(process.execPath, ['scripts/test-summary.mjs', 'test-artifacts/vitest.json'], {
  stdio: 'inherit',
});
process.exit(summary.status ?? 1);
