import os from 'node:os';
import path from 'node:path';

/** Electron's userData folder for "Dossier", computed without Electron so every shell agrees. */
export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Dossier');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Dossier');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Dossier');
  }
}

/** --data-dir DIR (or --data-dir=DIR) beats DOSSIER_DATA_DIR beats the platform default. */
export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const fromArg = readFlag(argv, '--data-dir');
  if (fromArg) return path.resolve(fromArg);
  if (env.DOSSIER_DATA_DIR) return path.resolve(env.DOSSIER_DATA_DIR);
  return defaultDataDir();
}

/** Value of `--name VALUE` or `--name=VALUE`, if present. */
export function readFlag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === name) return argv[i + 1];
    if (a.startsWith(name + '=')) return a.slice(name.length + 1);
  }
  return undefined;
}
