import type { NoteStore } from '../store/store.js';
import type { BlobStore } from '../store/blobs.js';
import { systemClock } from '../domain/clock.js';
import { noteCount } from '../domain/note-access.js';
import {
  withMutate,
  type Backups,
  type ExportLog,
  type CoreContext,
  type CoreOptions,
  type CoreServices,
} from './context.js';
import { UndoStack } from './undo/stack.js';
import type { RevisionLog } from '../store/revisions.js';
import { ChangeFeed } from './sync/change-feed.js';
import { TextIndex } from './search/text-index.js';
import { readIndexCache, writeIndexCache } from './search/index-cache.js';
import { CacheSaver } from './search/cache-saver.js';
import { LinkIndex } from './links/link-index.js';
import { readLinkCache, writeLinkCache } from './links/link-cache.js';
import { Attachments } from './attachments/attachments.js';
import { TextExtractor } from './attachments/extract.js';
import { JobRegistry } from './jobs.js';
import { appUseCases } from './app/use-cases.js';
import { appHandlers } from './app/handlers.js';
import { topicsUseCases } from './topics/use-cases.js';
import { topicsHandlers } from './topics/handlers.js';
import { notesUseCases } from './notes/use-cases.js';
import { notesHandlers } from './notes/handlers.js';
import { searchUseCases } from './search/use-cases.js';
import { searchHandlers } from './search/handlers.js';
import { propertiesUseCases } from './properties/use-cases.js';
import { propertiesHandlers } from './properties/handlers.js';
import { templatesUseCases } from './templates/use-cases.js';
import { templatesHandlers } from './templates/handlers.js';
import { linksUseCases } from './links/use-cases.js';
import { linksHandlers } from './links/handlers.js';
import { tagsUseCases } from './tags/use-cases.js';
import { tagsHandlers } from './tags/handlers.js';
import { exportUseCases } from './export/use-cases.js';
import { exportHandlers } from './export/handlers.js';
import { markingsUseCases } from './markings/use-cases.js';
import { markingsHandlers } from './markings/handlers.js';
import { importUseCases } from './import/use-cases.js';
import { importHandlers } from './import/handlers.js';
import { undoUseCases } from './undo/use-cases.js';
import { undoHandlers } from './undo/handlers.js';
import { savedSearchesUseCases } from './saved-searches/use-cases.js';
import { savedSearchesHandlers } from './saved-searches/handlers.js';
import { trashUseCases } from './trash/use-cases.js';
import { trashHandlers } from './trash/handlers.js';
import { backupsUseCases } from './backups/use-cases.js';
import { backupsHandlers } from './backups/handlers.js';
import { historyUseCases } from './history/use-cases.js';
import { historyHandlers } from './history/handlers.js';
import { attachmentsUseCases } from './attachments/use-cases.js';
import { attachmentsHandlers } from './attachments/handlers.js';
import { sampleUseCases } from './sample/use-cases.js';
import { sampleHandlers } from './sample/handlers.js';

/** What the shell hands the core besides the store: the adapters of the layers below (blobs, backups). */
export type CorePorts = { blobs: BlobStore; backups: Backups; exportLog: ExportLog; revisions: RevisionLog };

/** The services and every domain's use cases, composed (what the CLI, tests and benches call directly). */
export type Core = ReturnType<typeof composeCore>;

/** A context and what closing it needs that its public shape does not show. */
type Opened = { ctx: CoreContext; settle(): Promise<void>; saveCaches(): Promise<void> };

/** Builds the services and the shared context: the one place that knows every service's constructor. */
function contextOf(store: NoteStore, options: CoreOptions, ports: CorePorts): Opened {
  const clock = options.clock ?? systemClock;
  const index = new TextIndex();
  const links = new LinkIndex();
  // Attachments save their records through the context's apply; the closure reads ctx once it exists.
  const attachments = new Attachments(ports.blobs, {
    get: () => store.get(),
    apply: (change) => ctx.apply(change, 'attaching a file'),
    now: () => clock(),
  });
  const services: CoreServices = {
    store,
    options,
    clock,
    undo: new UndoStack(),
    revisions: ports.revisions,
    feed: new ChangeFeed(clock().getTime()),
    index,
    links,
    blobs: ports.blobs,
    attachments,
    fileText: new TextExtractor(ports.blobs.dir, (hash) => ports.blobs.read(hash), store.sealer),
    jobs: new JobRegistry(),
    backups: ports.backups,
    exportLog: ports.exportLog,
  };
  // The two caches beside the store, each written when its index changed (see cache-saver.ts).
  const indexCache = new CacheSaver(index, () => writeIndexCache(store.dataDir, index, store.sealer));
  const linkCache = new CacheSaver(links, () => writeLinkCache(store.dataDir, links, store.sealer));
  let indexing: Promise<void> | null = null;
  let linking: Promise<void> | null = null;
  const ctx: CoreContext = {
    ...services,
    ...withMutate(services),
    collectPending: false,
    startLinking() {
      linking ??= links
        .build(
          () => store.get(),
          () => readLinkCache(store.dataDir, store.sealer),
        )
        .then(() => {
          const live = Object.values(store.get().notes).filter((n) => !n.deletedAt).length;
          if (links.restoredDocs === live) linkCache.markSaved();
          else void linkCache.save();
        });
      return linking;
    },
    async linkIndex() {
      if (!links.ready) await ctx.startLinking();
      return links;
    },
    startIndexing() {
      void ctx.startLinking();
      indexing ??= index
        .build(
          () => store.get(),
          () => readIndexCache(store.dataDir, store.sealer),
        )
        .then(() => {
          if (index.restoredDocs === noteCount(store.get())) indexCache.markSaved();
          else void indexCache.save();
        });
      return indexing;
    },
  };
  return {
    ctx,
    settle: async () => {
      if (indexing) await indexing.catch(() => undefined);
      if (linking) await linking.catch(() => undefined);
    },
    saveCaches: async () => {
      await indexCache.save();
      await linkCache.save();
    },
  };
}

/** Every domain's use cases over one context, and the services tests and shells reach directly. */
function composeCore({ ctx, settle, saveCaches }: Opened) {
  const notes = notesUseCases(ctx);
  const markings = markingsUseCases(ctx);
  const attachments = attachmentsUseCases(ctx, notes);
  const core = {
    store: ctx.store,
    index: ctx.index,
    links: ctx.links,
    attachments: ctx.attachments,
    fileText: ctx.fileText,
    jobs: ctx.jobs,
    /** background work started at open (attachment clean-up); close waits for it */
    housekeeping: Promise.resolve() as Promise<void>,
    startLinking: () => ctx.startLinking(),
    ...appUseCases(ctx),
    ...topicsUseCases(ctx),
    ...notes,
    ...searchUseCases(ctx),
    ...propertiesUseCases(ctx),
    ...templatesUseCases(ctx),
    ...linksUseCases(ctx, notes),
    ...tagsUseCases(ctx),
    ...exportUseCases(ctx),
    ...markings,
    ...importUseCases(ctx, attachments.attachFound),
    ...undoUseCases(ctx),
    ...savedSearchesUseCases(ctx),
    ...trashUseCases(ctx),
    ...backupsUseCases(ctx),
    ...historyUseCases(ctx, notes, markings),
    ...attachments,
    ...sampleUseCases(ctx),
    /** Resolves when the clean-up after open and the text extraction queued so far are done (tests, bench). */
    async attachmentsIdle(): Promise<void> {
      await core.housekeeping;
      await ctx.fileText.idle();
    },
    /** Saves the index caches and closes the store (flushes every pending save). */
    async close(): Promise<void> {
      await settle();
      await core.housekeeping;
      await ctx.fileText.stop();
      await ctx.revisions.idle();
      // Files of an emptied trash go now: until here, undo could still bring their notes back.
      if (ctx.collectPending) await attachments.collectAttachments().catch(() => undefined);
      await saveCaches();
      await ctx.store.close();
    },
  };
  return core;
}

/** Every contract call bound to the composed core; the shell checks the map against the contract. */
function handlersOf(core: Core, ctx: CoreContext) {
  return {
    ...appHandlers(core, ctx.jobs),
    ...topicsHandlers(core),
    ...notesHandlers(core),
    ...searchHandlers(core, ctx),
    ...propertiesHandlers(core),
    ...templatesHandlers(core),
    ...linksHandlers(core),
    ...tagsHandlers(core),
    ...exportHandlers(core),
    ...markingsHandlers(core),
    ...importHandlers(core),
    ...undoHandlers(core),
    ...savedSearchesHandlers(core),
    ...trashHandlers(core),
    ...backupsHandlers(core),
    ...historyHandlers(core),
    ...attachmentsHandlers(core),
    ...sampleHandlers(core),
  };
}

/** The handler map of an opened core: one entry per contract call. */
export type CoreHandlers = ReturnType<typeof handlersOf>;

/**
 * Opens the core over a store: builds the services and context, composes the domain modules and binds their
 * handlers. A feature adds a folder in core/, one line here and one file in contract/.
 */
export function openCore(
  store: NoteStore,
  options: CoreOptions,
  ports: CorePorts,
): { core: Core; handlers: CoreHandlers } {
  const opened = contextOf(store, options, ports);
  const core = composeCore(opened);
  return { core, handlers: handlersOf(core, opened.ctx) };
}
