// Runs Electronegativity over the built app (dist/) and fails on any high or medium finding that
// scripts/electronegativity-allow.json does not explain. Part of `npm test` (after the build).
// Through its programmatic API: the CLI's CSV writer races its own header write and can garble the file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = process.cwd();
const require = createRequire(import.meta.url);
const pkg = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const run = require(path.join(pkg, 'dist', 'runner.js'));
const { CHECKS } = require(path.join(pkg, 'dist', 'finder', 'checks', 'AtomicChecks', 'index.js'));
const { GLOBAL_CHECKS } = require(path.join(pkg, 'dist', 'finder', 'checks', 'GlobalChecks', 'index.js'));
const electronVersion = require('electron/package.json').version;

// Every check the tool has but AVAILABLE_SECURITY_FIXES, which needs the internet (it downloads
// Electron's release list; the Electron version is pinned in package.json). Listed from the package
// itself so checks added by an update run too (its own exclude option refuses global checks).
const customScan = [...CHECKS, ...GLOBAL_CHECKS]
  .map((c) => c.name.toLowerCase())
  .filter((name) => name !== 'availablesecurityfixesglobalcheck');

const result = await run({
  input: path.join(root, 'dist'),
  customScan,
  excludeFromScan: [],
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
if (!result.atomicChecks || !result.globalChecks) {
  process.stderr.write(
    'Electronegativity ran no checks; the check list does not match the installed version.\n',
  );
  process.exit(1);
}
const findings = result.issues.map((i) => ({
  check: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  file: path.relative(path.join(root, 'dist'), path.resolve(path.join(root, 'dist'), i.file)),
  line: i.location?.line,
  sample: i.sample,
  description: i.description,
}));
const report = path.join(root, 'test-artifacts', 'electronegativity.json');
mkdirSync(path.dirname(report), { recursive: true });
writeFileSync(report, JSON.stringify(findings, null, 2) + '\n');

const allow = JSON.parse(
  readFileSync(path.join(root, 'scripts', 'electronegativity-allow.json'), 'utf8'),
).allow;
const counts = {};
const unexplained = [];
for (const f of findings) {
  counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  if (f.severity !== 'HIGH' && f.severity !== 'MEDIUM') continue;
  if (!allow.some((a) => a.check === f.check && a.file === f.file))
    unexplained.push(`${f.severity} ${f.check} (${f.confidence}) at ${f.file}:${f.line}: ${f.description}`);
}
const summary = Object.entries(counts)
  .map(([s, n]) => `${n} ${s.toLowerCase()}`)
  .join(', ');
process.stdout.write(
  `Electronegativity: ${result.atomicChecks} checks + ${result.globalChecks} global checks, ${findings.length} findings (${summary || 'none'}); ${unexplained.length} high/medium not in the allow-list.\n`,
);
if (unexplained.length) {
  process.stdout.write(
    `Explain each in scripts/electronegativity-allow.json (with a reason) or fix it:\n  ${unexplained.join('\n  ')}\nFull report: ${path.relative(root, report)}\n`,
  );
  process.exit(1);
}
