import type { ExportFormat, ExportScope, NoteSort } from '../../domain/views.js';
import type { ExportUseCases, ReleaseOptions } from './use-cases.js';

type Release = { partner?: string | undefined; allowMarking?: string | undefined };

/** Only the release fields the call carried. */
function release(i: Release): ReleaseOptions {
  return {
    ...(i.partner !== undefined ? { partner: i.partner } : {}),
    ...(i.allowMarking !== undefined ? { allowMarking: i.allowMarking } : {}),
  };
}

/** export.*, print.prepare. */
export function exportHandlers(core: ExportUseCases) {
  return {
    'export.run': (
      i: {
        scope: ExportScope;
        dir: string;
        format?: ExportFormat;
        order?: NoteSort;
        jobId?: string;
      } & Release,
    ) =>
      core.exportMarkdown(i.scope, i.dir, {
        ...(i.format ? { format: i.format } : {}),
        ...(i.order ? { order: i.order } : {}),
        ...(i.jobId ? { jobId: i.jobId } : {}),
        ...release(i),
      }),
    'export.archive': async (i: { scope: ExportScope; order?: NoteSort } & Release) => {
      const { bytes, ...a } = await core.exportArchive(i.scope, {
        ...(i.order ? { order: i.order } : {}),
        ...release(i),
      });
      return { ...a, base64: Buffer.from(bytes).toString('base64') };
    },
    'export.check': async (i: { scope: ExportScope; partner?: string }) =>
      core.checkExport(i.scope, i.partner),
    'export.log': () => core.exportLog(),
    'print.prepare': (i: { scope: ExportScope; order?: NoteSort } & Release) =>
      core.preparePrint(i.scope, { ...(i.order ? { order: i.order } : {}), ...release(i) }),
  };
}
