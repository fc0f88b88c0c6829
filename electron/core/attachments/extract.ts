import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '../model.js';
import { yieldToLoop } from '../slices.js';
import { foldWords } from '../search/tokenize.js';
import { makeSnippet } from '../notes/snippet.js';
import { isTextType } from './sniff.js';
import type { ExtractedText } from './types.js';

export type { ExtractedText };

type Entry = { pages: string[]; folded: string[]; pageCount: number | null };

/** Longest text kept per file: enough for hundreds of report pages, bounded for memory. */
const MAX_CHARS = 2_000_000;
const TEXT_DIR = '.text';
const CACHE_VERSION = 1;

// pdf.js 6 targets Node 22; this is the one newer built-in its text path needs on Node 20.
function polyfillWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: unknown };
  P.withResolvers ??= function withResolvers<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
}

/** The text of each page of a PDF, with pdf.js's text layer (legacy build, runs under Node). */
export async function pdfPages(bytes: Uint8Array, onPage?: () => Promise<void>): Promise<string[]> {
  polyfillWithResolvers();
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: bytes,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages: string[] = [];
    let chars = 0;
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items)
        if ('str' in item) text += item.str + (item.hasEOL ? '\n' : item.str ? ' ' : '');
      page.cleanup();
      pages.push(text.trim());
      chars += text.length;
      // One page at a time, then let other work run: extraction never holds the event loop for long.
      await (onPage ? onPage() : yieldToLoop());
      if (chars > MAX_CHARS) break;
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

/**
 * Extracts searchable text from PDF and text attachments in the background, one file (and one PDF page) at
 * a time, and caches it in attachments/.text/<hash>.json so it is extracted once per content. Search asks
 * it which attachments contain a word (`in:files`) and for a snippet around the match.
 */
export class TextExtractor {
  private readonly entries = new Map<string, Entry>();
  private readonly status = new Map<string, ExtractedText['status']>();
  private queue: Attachment[] = [];
  private running: Promise<void> | null = null;
  /** pages extracted and milliseconds spent, for the bench */
  readonly stats = { pages: 0, files: 0, ms: 0 };
  /** bumped whenever new text becomes searchable */
  version = 0;

  constructor(
    private readonly dir: string,
    private readonly blobPath: (hash: string) => string,
  ) {}

  private cacheFile(hash: string): string {
    return path.join(this.dir, TEXT_DIR, `${hash}.json`);
  }

  /** Queues attachments whose text is not known yet; resolves when the queue is empty. */
  schedule(atts: Iterable<Attachment>): Promise<void> {
    for (const a of atts) {
      if (this.status.has(a.hash)) continue;
      if (!(a.mediaType === 'application/pdf' || isTextType(a.mediaType))) {
        this.status.set(a.hash, 'none');
        continue;
      }
      this.status.set(a.hash, 'pending');
      this.queue.push(a);
    }
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Drops what is still queued (at close); the file being read finishes. */
  stop(): void {
    for (const a of this.queue) this.status.delete(a.hash);
    this.queue = [];
  }

  /** Resolves when everything queued so far is extracted (tests, bench). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const att = this.queue.shift()!;
      try {
        const pages = (await this.readCache(att.hash)) ?? (await this.extract(att));
        this.entries.set(att.hash, {
          pages,
          // Folded per page: a match names its page, and a snippet needs no folding at query time.
          folded: pages.map((p) => ' ' + foldWords(p).join(' ')),
          pageCount: att.mediaType === 'application/pdf' ? pages.length : null,
        });
        this.status.set(att.hash, 'done');
        this.version++;
      } catch {
        this.status.set(att.hash, 'failed');
      }
      await yieldToLoop();
    }
  }

  private async readCache(hash: string): Promise<string[] | null> {
    try {
      const parsed = JSON.parse(await readFile(this.cacheFile(hash), 'utf8')) as {
        v?: number;
        pages?: unknown;
      };
      if (parsed.v === CACHE_VERSION && Array.isArray(parsed.pages)) return parsed.pages.map(String);
    } catch {
      // not cached (or unreadable): extract again
    }
    return null;
  }

  private async extract(att: Attachment): Promise<string[]> {
    const started = performance.now();
    const bytes = await readFile(this.blobPath(att.hash));
    let pages: string[];
    if (att.mediaType === 'application/pdf') {
      pages = await pdfPages(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      this.stats.pages += pages.length;
    } else {
      pages = [new TextDecoder('utf-8').decode(bytes.subarray(0, MAX_CHARS * 2)).slice(0, MAX_CHARS)];
    }
    this.stats.files++;
    this.stats.ms += performance.now() - started;
    await mkdir(path.join(this.dir, TEXT_DIR), { recursive: true });
    // A cache: losing it costs a re-extraction, so a plain write is enough.
    await writeFile(this.cacheFile(att.hash), JSON.stringify({ v: CACHE_VERSION, pages }));
    return pages;
  }

  info(att: Attachment): ExtractedText {
    const entry = this.entries.get(att.hash);
    const text = entry?.pages.join('\n') ?? '';
    return {
      status: this.status.get(att.hash) ?? 'pending',
      pages: entry?.pageCount ?? null,
      chars: text.length,
      preview: text.slice(0, 400),
    };
  }

  /** Hashes whose text has a word starting with `term`, or the phrase's words in a row (folded, like notes). */
  matching(term: string): Set<string> {
    const needle = ' ' + term;
    const out = new Set<string>();
    for (const [hash, e] of this.entries) if (e.folded.some((f) => f.includes(needle))) out.add(hash);
    return out;
  }

  /** An excerpt around the first match of `terms` in a file's text, with its page for PDFs. */
  snippet(hash: string, terms: readonly string[]): string | null {
    const entry = this.entries.get(hash);
    if (!entry) return null;
    for (let i = 0; i < entry.pages.length; i++) {
      const page = entry.pages[i]!;
      const folded = entry.folded[i]!;
      if (!terms.some((t) => folded.includes(' ' + t))) continue;
      const excerpt = makeSnippet(page, terms);
      return entry.pageCount !== null ? `p. ${i + 1}: ${excerpt}` : excerpt;
    }
    return null;
  }

  forget(hash: string): void {
    this.entries.delete(hash);
    this.status.delete(hash);
  }
}
