import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// Relative base so the same build loads from file:// (Electron) and http://127.0.0.1 (browser mode).
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: { outDir: path.join(here, '..', 'dist', 'renderer'), emptyOutDir: true, sourcemap: true },
});
