// Runs Electronegativity over the built app (dist/) and fails on any high or medium finding that
// scripts/electronegativity-allow.json does not explain. Part of `npm test` (after the build).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = process.cwd();
const csv = path.join(root, 'test-artifacts', 'electronegativity.csv');
mkdirSync(path.dirname(csv), { recursive: true });
const electronVersion = JSON.parse(
  readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;
const pkg = path.join(root, 'node_modules', '@doyensec', 'electronegativity');
const bin = path.join(pkg, 'dist', 'index.js');
// Every check the tool has but AVAILABLE_SECURITY_FIXES, which needs the internet (it downloads
// Electron's release list; the Electron version is pinned in package.json). Listed from the package
// itself so checks added by an update run too (its own --exclude-checks refuses global checks).
const require = createRequire(import.meta.url);
const { CHECKS } = require(path.join(pkg, 'dist', 'finder', 'checks', 'AtomicChecks', 'index.js'));
const { GLOBAL_CHECKS } = require(path.join(pkg, 'dist', 'finder', 'checks', 'GlobalChecks', 'index.js'));
const checks = [...CHECKS, ...GLOBAL_CHECKS]
  .map((c) => c.name)
  .filter((name) => name !== 'AvailableSecurityFixesGlobalCheck');
const run = spawnSync(
  process.execPath,
  [bin, '-i', 'dist', '-r', '-v', 'false', '-e', electronVersion, '-l', checks.join(','), '-o', csv],
  { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } },
);
if (run.status !== 0) {
  process.stderr.write(`Electronegativity did not run (exit ${run.status}):\n${run.stderr}\n${run.stdout}\n`);
  process.exit(1);
}

/** The CSV Electronegativity writes: quoted fields, "" for a quote inside one. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) rows.push([...row, field.trim()]);
  return rows.filter((r) => r.length > 1);
}

const [, ...findings] = parseCsv(readFileSync(csv, 'utf8'));
const allow = JSON.parse(
  readFileSync(path.join(root, 'scripts', 'electronegativity-allow.json'), 'utf8'),
).allow;
const counts = {};
const unexplained = [];
for (const [check, severity, confidence, file, location] of findings) {
  counts[severity] = (counts[severity] ?? 0) + 1;
  if (severity !== 'HIGH' && severity !== 'MEDIUM') continue;
  const entry = allow.find((a) => a.check === check && a.file === file);
  if (!entry) unexplained.push(`${severity} ${check} (${confidence}) at ${file}:${location}`);
}
const summary = Object.entries(counts)
  .map(([s, n]) => `${n} ${s.toLowerCase()}`)
  .join(', ');
process.stdout.write(
  `Electronegativity: ${findings.length} findings (${summary || 'none'}); ${unexplained.length} high/medium not in the allow-list.\n`,
);
if (unexplained.length) {
  process.stdout.write(
    `Explain each in scripts/electronegativity-allow.json (with a reason) or fix it:\n  ${unexplained.join('\n  ')}\nFull report: ${path.relative(root, csv)}\n`,
  );
  process.exit(1);
}
