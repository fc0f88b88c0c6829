import type { NoteSaved } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import { propertyKeys, updateProperties, type PropertyChange } from './edit.js';

/** Typed front-matter properties: change a note's, list the keys in use. */
export function propertiesUseCases(ctx: CoreContext) {
  return {
    async setProperties(id: string, changes: PropertyChange[], baseVersion?: number): Promise<NoteSaved> {
      // Properties are set key by key, so a stale base needs no merge: each change applies to the current note.
      void baseVersion;
      const note = await ctx.apply((d) => {
        const r = updateProperties(d, id, changes, ctx.now());
        return { data: r.data, value: r.note, onlyNotes: [id] };
      });
      return ctx.view(note);
    },

    propertyKeys(): { key: string; count: number }[] {
      return propertyKeys(ctx.store.get());
    },
  };
}

/** The property use cases, as the composed core carries them. */
export type PropertiesUseCases = ReturnType<typeof propertiesUseCases>;
