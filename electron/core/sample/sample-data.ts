import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { topicStatusSchema } from '../../domain/model.js';

/** Shape of assets/sample-data.json: topics referenced by a short key from notes. */
export const sampleDataSchema = z.object({
  topics: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string(),
      partners: z.array(z.string()),
      status: topicStatusSchema,
    }),
  ),
  notes: z.array(
    z.object({
      topic: z.string().nullable(),
      title: z.string(),
      body: z.string(),
      tags: z.array(z.string()),
      pinned: z.boolean().optional(),
      createdAt: z.string(),
      updatedAt: z.string().optional(),
    }),
  ),
});
export type SampleData = z.infer<typeof sampleDataSchema>;

/** Reads and validates the shipped sample set. */
export async function readSampleData(file: string): Promise<SampleData> {
  return sampleDataSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}
