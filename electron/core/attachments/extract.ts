import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '../../domain/model.js';
import { yieldToLoop } from '../../domain/slices.js';
import { foldWords } from '../search/tokenize.js';
import { makeSnippet } from '../notes/snippet.js';
import { isTextType } from './sniff.js';
import type { ExtractedText } from './types.js';
import { PdfWorker } from './pdf-worker.js';
import type { Sealer } from '../../store/sealed/sealer.js';

export type { ExtractedText };

type Entry = { pages: string[]; folded: string[]; pageCount: number | null };

/** Longest text kept per file: enough for hundreds of report pages, bounded for memory. */
const MAX_CHARS = 2_000_000;
const TEXT_DIR = '.text';
const CACHE_VERSION = 1;

/**
 * Extracts searchable text from PDF and text attachments in the background, one file at a time (PDFs in
 * a worker thread, see pdf-worker.ts), and caches it in attachments/.text/<hash>.json so it is extracted once per content. Search asks
 * it which attachments contain a word (`in:files`) and for a snippet around the match.
 *
 * In a protected notebook the file's plaintext comes from the blob store (`read` decrypts) and the cache
 * files are sealed whole; a cache that fails its check is extracted again.
 */
export class TextExtractor {
  private readonly entries = new Map<string, Entry>();
  private readonly status = new Map<string, ExtractedText['status']>();
  private queue: Attachment[] = [];
  private running: Promise<void> | null = null;
  private readonly pdf = new PdfWorker();
  /** pages extracted and milliseconds spent, for the bench */
  readonly stats = { pages: 0, files: 0, ms: 0 };
  /** bumped whenever new text becomes searchable */
  version = 0;

  constructor(
    private readonly dir: string,
    /** a blob's plaintext */
    private readonly read: (hash: string) => Promise<Buffer>,
    private readonly sealer: Sealer,
  ) {}

  private cacheFile(hash: string): string {
    return path.join(this.dir, TEXT_DIR, `${hash}.json`);
  }

  /** Queues attachments whose text is not known yet; resolves when the queue is empty. */
  schedule(atts: Iterable<Attachment>): Promise<void> {
    if (this.stopped) return Promise.resolve();
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

  private stopped = false;

  /** At close: drops what is still queued, ends the PDF worker and waits for the file in progress to give up. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const a of this.queue) this.status.delete(a.hash);
    this.queue = [];
    await this.pdf.close();
    await this.running?.catch(() => undefined);
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
      const onDisk = await readFile(this.cacheFile(hash));
      const text = this.sealer.openFile(onDisk, `attachments/${TEXT_DIR}/${hash}.json`).toString('utf8');
      const parsed = JSON.parse(text) as {
        v?: number;
        pages?: unknown;
      };
      if (parsed.v === CACHE_VERSION && Array.isArray(parsed.pages)) return parsed.pages.map(String);
    } catch {
      // not cached, unreadable or failing its check: extract again
    }
    return null;
  }

  private async extract(att: Attachment): Promise<string[]> {
    const started = performance.now();
    const bytes = await this.read(att.hash);
    let pages: string[];
    if (att.mediaType === 'application/pdf') {
      pages = await this.pdf.pages(
        new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        MAX_CHARS,
      );
      this.stats.pages += pages.length;
    } else {
      pages = [new TextDecoder('utf-8').decode(bytes.subarray(0, MAX_CHARS * 2)).slice(0, MAX_CHARS)];
    }
    this.stats.files++;
    this.stats.ms += performance.now() - started;
    await mkdir(path.join(this.dir, TEXT_DIR), { recursive: true });
    // A cache: losing it costs a re-extraction, so a plain write is enough.
    await writeFile(
      this.cacheFile(att.hash),
      this.sealer.sealFile(Buffer.from(JSON.stringify({ v: CACHE_VERSION, pages }))),
      { mode: 0o600 },
    );
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
