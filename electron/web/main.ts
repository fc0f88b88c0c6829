import path from 'node:path';
import { appRoot } from '../shell/open-app.js';
import { hostApp } from '../shell/app-host.js';
import { readFlag, resolveDataDir } from '../shell/data-dir.js';
import { startWebServer } from './server.js';
import { toErrorPayload } from '../domain/errors.js';

/** `npm run web`: browser mode on 127.0.0.1 with a per-launch token. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dataDir = resolveDataDir(argv);
  const portFlag = readFlag(argv, '--port');
  const port = portFlag ? Number(portFlag) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number between 0 and 65535, got "${portFlag}"\n`);
    process.exit(2);
  }
  let app;
  try {
    app = await hostApp(dataDir, 'browser', 'browser mode');
  } catch (err) {
    const e = toErrorPayload(err);
    process.stderr.write(`Dossier could not open its notes (${e.code}).\n${e.message}\n`);
    process.exit(1);
  }
  const server = await startWebServer({
    api: app.api,
    rendererDir: path.join(appRoot(), 'dist', 'renderer'),
    port,
  });
  const problem = app.problem();
  if (problem)
    process.stdout.write(
      `\nWARNING: ${problem.message}\nThe app starts in recovery mode: open it to restore a backup.\n\n`,
    );
  process.stdout.write(
    `Dossier (browser mode) is running.\n  Data: ${dataDir}\n  Open: ${server.url}\nPress Ctrl+C to stop.\n`,
  );

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    try {
      await app.close();
    } catch (err) {
      process.stderr.write(`Dossier could not save before stopping: ${(err as Error).message}\n`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
