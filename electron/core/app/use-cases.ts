import type { AppInfo, SaveState } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import type { ChangesSince } from '../sync/change-feed.js';

/** The app as a whole: what it is and holds, its save state, the change feed the windows poll. */
export function appUseCases(ctx: CoreContext) {
  return {
    info(): AppInfo {
      const data = ctx.store.get();
      const storage = ctx.store.storage?.();
      return {
        version: ctx.options.appVersion,
        mode: ctx.options.mode,
        dataDir: ctx.store.dataDir,
        storePath: ctx.store.filePath,
        noteCount: Object.values(data.notes).filter((n) => !n.deletedAt).length,
        topicCount: Object.values(data.topics).filter((t) => !t.deletedAt).length,
        ...(storage ? { storage } : {}),
        ...(ctx.store.sealer.sealing ? { sealed: true } : {}),
      };
    },

    saveState(): SaveState {
      return ctx.store.status();
    },

    /** What changed since a version the UI saw (a cheap poll; see sync/change-feed.ts). */
    changesSince(since: number): ChangesSince {
      return ctx.feed.since(since);
    },
  };
}

/** The app use cases, as the composed core carries them. */
export type AppUseCases = ReturnType<typeof appUseCases>;
