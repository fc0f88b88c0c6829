import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

import type * as PdfJs from 'pdfjs-dist';

type PdfLib = typeof PdfJs;

let lib: Promise<PdfLib> | null = null;

/**
 * pdf.js, loaded on first use (its own chunk, not in the main bundle) with its worker as a file Vite
 * emits beside the app: same origin, so the CSP's script-src 'self' (worker-src falls back to it) allows
 * it, and nothing is fetched from elsewhere.
 */
function pdfjs(): Promise<PdfLib> {
  lib ??= import('pdfjs-dist').then((m) => {
    m.GlobalWorkerOptions.workerSrc = workerUrl;
    return m;
  });
  return lib;
}

export type PdfPreview = { thumbnail: string; pages: number };

const cache = new Map<string, Promise<PdfPreview>>();

/**
 * Page count and a first-page thumbnail (a PNG data URL, `width` CSS pixels wide) of the PDF at `url`,
 * once per URL. pdf.js 6 has no eval; no fonts, maps or wasm are fetched from anywhere.
 */
export function pdfPreview(url: string, width = 160): Promise<PdfPreview> {
  const key = `${url}@${width}`;
  let p = cache.get(key);
  if (!p) {
    p = render(url, width);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

async function render(url: string, width: number): Promise<PdfPreview> {
  const { getDocument } = await pdfjs();
  // No wasm decoders (they would need 'wasm-unsafe-eval'); the JS fallbacks draw a first page well enough.
  const task = getDocument({ url, useWasm: false, disableAutoFetch: true });
  const doc = await task.promise;
  try {
    const page = await doc.getPage(1);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({
      scale: (width / base.width) * Math.min(window.devicePixelRatio || 1, 2),
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    await page.render({ canvas, viewport }).promise;
    return { thumbnail: canvas.toDataURL('image/png'), pages: doc.numPages };
  } finally {
    void task.destroy();
  }
}

/** Forgets every thumbnail (they show decrypted pages): called when the notebook locks. */
export function clearPdfPreviews(): void {
  cache.clear();
}
