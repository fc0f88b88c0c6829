// Finds the Electron executable without importing the `electron` package (whose import throws when the
// binary is missing): ELECTRON_OVERRIDE_DIST_PATH first, then node_modules/electron/dist.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function platformExecutable() {
  switch (process.platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** Absolute path of a runnable Electron binary, or null. */
export function findElectronBinary() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, platformExecutable());
    return existsSync(candidate) ? candidate : null;
  }
  const pkgDir = path.join(root, 'node_modules', 'electron');
  let rel = platformExecutable();
  try {
    rel = readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim() || rel;
  } catch {
    // path.txt is written by electron's own installer; fall back to the platform default
  }
  const candidate = path.join(pkgDir, 'dist', rel);
  return existsSync(candidate) ? candidate : null;
}

export const electronPackageDir = path.join(root, 'node_modules', 'electron');
export const appRoot = root;
