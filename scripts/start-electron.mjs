// `npm start`: launches the built app in Electron. If the binary is missing it tries Electron's own
// installer once; if that cannot download it, it explains the browser-mode fallback in one paragraph.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { appRoot, electronPackageDir, findElectronBinary } from './electron-binary.mjs';

let binary = findElectronBinary();
if (
  !binary &&
  !process.env.ELECTRON_OVERRIDE_DIST_PATH &&
  existsSync(path.join(electronPackageDir, 'install.js'))
) {
  process.stdout.write('Electron binary not found; trying to download it once…\n');
  spawnSync(process.execPath, [path.join(electronPackageDir, 'install.js')], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  binary = findElectronBinary();
}

if (!binary) {
  process.stderr.write(
    '\nDossier could not start its desktop window because the Electron runtime is not installed on this ' +
      'machine and could not be downloaded (no internet access, or the download was blocked). Your notes are ' +
      'fine and nothing was changed. Run `npm run web` instead: it starts the same Dossier in your browser on ' +
      '127.0.0.1 and prints the address to open. (If you have an Electron build elsewhere, point ' +
      'ELECTRON_OVERRIDE_DIST_PATH at its folder and run `npm start` again.)\n\n',
  );
  process.exit(1);
}

const child = spawn(binary, [appRoot, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
process.on('SIGINT', () => child.kill('SIGINT'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
