#!/usr/bin/env node
// The `dossier` command: runs the bundled CLI (build it with `npm run build:node`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'dossier.js');
if (!existsSync(bundle)) {
  process.stderr.write('The Dossier CLI is not built yet. Run `npm run build:node` first.\n');
  process.exit(70);
}
await import(pathToFileURL(bundle).href);
