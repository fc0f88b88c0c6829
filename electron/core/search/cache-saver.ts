/** A derived index written to a cache beside the store: ready once built, its version bumped on every change. */
type Versioned = { readonly ready: boolean; readonly version: number };

/**
 * Writes an index's cache when the index changed since the last write, one write at a time: the
 * background write after a build and the one at close share a temp file, and two sealed streams would
 * interleave. A failed write only costs speed at the next open.
 */
export class CacheSaver {
  private saving: Promise<void> = Promise.resolve();
  /** index version last written (-1: nothing written this session) */
  private savedVersion = -1;

  constructor(
    private readonly index: Versioned,
    private readonly write: () => Promise<void>,
  ) {}

  /** The cache on disk already holds the current version (the index was restored from it whole). */
  markSaved(): void {
    this.savedVersion = this.index.version;
  }

  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.index.ready || this.index.version === this.savedVersion) return;
      const version = this.index.version;
      await this.write().then(
        () => void (this.savedVersion = version),
        () => undefined,
      );
    });
    return this.saving;
  }
}
