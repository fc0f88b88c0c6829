import path from 'node:path';
import type { CoreContext } from '../context.js';
import { createNote } from '../notes/notes.js';
import { normalizeTags } from '../tags/normalize.js';
import { createTopic } from '../topics/topics.js';
import { readSampleData } from './sample-data.js';

/** The shipped sample notebook. */
export function sampleUseCases(ctx: CoreContext) {
  return {
    /** Loads the sample topics and notes; loading twice adds nothing (same topic name / note title are reused). */
    async loadSample(): Promise<{ topics: number; notes: number }> {
      const sample = await readSampleData(path.join(ctx.options.assetsDir, 'sample-data.json'));
      return ctx.apply((d) => {
        let data = d;
        const idByKey = new Map<string, string>();
        let topics = 0;
        for (const t of sample.topics) {
          const existing = Object.values(data.topics).find(
            (x) => !x.deletedAt && x.name.toLowerCase() === t.name.toLowerCase(),
          );
          if (existing) {
            idByKey.set(t.key, existing.id);
            continue;
          }
          const r = createTopic(data, t, ctx.now());
          data = r.data;
          idByKey.set(t.key, r.topic.id);
          topics += 1;
        }
        let notes = 0;
        for (const n of sample.notes) {
          const topicId = n.topic ? (idByKey.get(n.topic) ?? null) : null;
          const exists = Object.values(data.notes).some(
            (x) => !x.deletedAt && x.topicId === topicId && x.title === n.title,
          );
          if (exists) continue;
          notes += 1;
          const r = createNote(
            data,
            { topicId, title: n.title, body: n.body, tags: normalizeTags(n.tags) },
            n.createdAt,
          );
          const note = { ...r.note, pinned: n.pinned ?? false, updatedAt: n.updatedAt ?? n.createdAt };
          data = { ...r.data, notes: { ...r.data.notes, [note.id]: note } };
        }
        return { data, value: { topics, notes } };
      });
    },
  };
}

/** The sample use cases, as the composed core carries them. */
export type SampleUseCases = ReturnType<typeof sampleUseCases>;
