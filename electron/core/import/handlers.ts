import type { ImportUseCases } from './use-cases.js';

/** The import.* calls. */
export function importHandlers(core: ImportUseCases) {
  return {
    'import.preview': (i: { source: string; jobId?: string }) => core.previewImport(i.source, i.jobId),
    'import.run': (i: { source: string; jobId?: string }) => core.runImport(i.source, i.jobId),
  };
}
