// Prints the closing line CI reads ("N passed, N failed, N skipped") from vitest's JSON report.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-artifacts/vitest.json';
try {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  process.stdout.write(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`);
  process.exit(r.numFailedTests > 0 || r.success === false ? 1 : 0);
} catch (err) {
  process.stdout.write(`\n0 passed, 1 failed\n(no test report at ${file}: ${err.message})\n`);
  process.exit(1);
}
