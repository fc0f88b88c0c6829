import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * PDF text extraction in a dedicated worker thread. pdf.js is large: loading it (and its "fake worker",
 * which under Node runs in the calling thread) held the event loop for up to 1.5 s on this machine, and a
 * dense page can take tens of milliseconds. In a worker, neither touches the thread that answers calls.
 * The worker source is inline (no extra bundle entry); pdf.js is resolved here, from this module.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (!Promise.withResolvers) Promise.withResolvers = function () {
  let resolve, reject;
  const promise = new Promise((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
};
let pdfjs = null;
parentPort.on('message', async ({ id, bytes, maxChars }) => {
  try {
    pdfjs ??= await import(workerData.pdfjsUrl);
    const task = pdfjs.getDocument({ data: bytes, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
    try {
      const doc = await task.promise;
      const pages = [];
      let chars = 0;
      for (let i = 1; i <= doc.numPages && chars <= maxChars; i++) {
        const page = await doc.getPage(i);
        const content = await page.getTextContent();
        let text = '';
        for (const item of content.items)
          if ('str' in item) text += item.str + (item.hasEOL ? '\\n' : item.str ? ' ' : '');
        page.cleanup();
        pages.push(text.trim());
        chars += text.length;
      }
      parentPort.postMessage({ id, pages });
    } finally {
      await task.destroy();
    }
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

type Reply = { id: number; pages?: string[]; error?: string };

/** One worker, started on first use, asked one PDF at a time; close() ends it. */
export class PdfWorker {
  private worker: Worker | null = null;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (p: string[]) => void; reject: (e: Error) => void }
  >();

  private closed = false;

  private start(): Worker {
    if (this.closed) throw new Error('the PDF worker is closed');
    if (this.worker) return this.worker;
    const pdfjsUrl = pathToFileURL(
      createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs'),
    ).href;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pdfjsUrl } });
    worker.unref(); // never keeps the process alive on its own
    worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.pages) w.resolve(m.pages);
      else w.reject(new Error(m.error ?? 'PDF text extraction failed'));
    });
    const fail = (err: Error) => {
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
      this.worker = null;
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the PDF worker stopped')));
    this.worker = worker;
    return worker;
  }

  /** The text of each page (stops after about maxChars characters). */
  async pages(bytes: Uint8Array, maxChars: number): Promise<string[]> {
    const worker = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // The copy is transferred, not cloned again.
      const copy = bytes.slice();
      worker.postMessage({ id, bytes: copy, maxChars }, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
