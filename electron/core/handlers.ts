import type { CallName, DossierApi } from '../contract/index.js';
import { contract, isCallName } from '../contract/index.js';
import type { Dossier } from './dossier.js';
import { DossierError, toErrorPayload, type Result } from '../domain/errors.js';
import { normalizeTag } from './tags/normalize.js';
import { listTitles } from './notes/titles.js';
import type { MarkingPatch } from './markings/assign.js';
import { trashedNote } from './trash/trash.js';

/** Optional fields as exactOptionalPropertyTypes wants them (absent, not undefined). */
function release(i: { partner?: string | undefined; allowMarking?: string | undefined }) {
  return {
    ...(i.partner !== undefined ? { partner: i.partner } : {}),
    ...(i.allowMarking !== undefined ? { allowMarking: i.allowMarking } : {}),
  };
}

function marking(i: {
  marking?: string | null | undefined;
  releasableTo?: string[] | null | undefined;
}): MarkingPatch {
  return {
    ...(i.marking !== undefined ? { marking: i.marking } : {}),
    ...(i.releasableTo !== undefined ? { releasableTo: i.releasableTo } : {}),
  };
}

/** Binds every contract entry to the core. Adding a call = one entry here and one in contract.ts. */
export function createHandlers(core: Dossier): DossierApi {
  return {
    'app.info': async () => core.info(),
    'store.status': async () => core.saveState(),
    'store.changes': async (i) => core.changesSince(i.since),
    'topics.list': async () => core.listTopics(),
    'topics.create': (i) => core.createTopic(i),
    'topics.update': (i) => core.updateTopic(i),
    'topics.delete': (i) => core.deleteTopic(i.id, i.withNotes ?? false),
    'notes.list': async (i) => {
      // A text query in the first moments after open waits for the index instead of blocking on a scan.
      if (i.filter.text?.trim() && !core.index.ready) await core.startIndexing();
      return core.listNotes(i.filter, i.sort, i.offset, i.limit, i.facets);
    },
    'notes.get': async (i) => core.getNote(i.id),
    'notes.titles': async () => listTitles(core.store.get()),
    'notes.create': (i) => core.createNote(i),
    'notes.update': (i) => core.updateNote(i),
    'notes.delete': (i) => core.deleteNote(i.id),
    'notes.deleteImpact': (i) => core.deleteImpact(i.id),
    'notes.setProperties': (i) => core.setProperties(i.id, i.changes, i.baseVersion),
    'properties.keys': async () => core.propertyKeys(),
    'notes.createFromTemplate': (i) => core.createFromTemplate(i),
    'templates.list': async () => core.templates(),
    'templates.install': () => core.installTemplates(),
    'templates.setDefault': (i) => core.setDefaultTemplate(i.topicId, i.templateId),
    'links.backlinks': (i) => core.backlinks(i.id),
    'links.outgoing': (i) => core.outgoingLinks(i.id),
    'links.resolve': (i) => core.resolveLink(i.target, i.fromId),
    'links.anchors': async (i) => core.anchors(i.id),
    'links.complete': (i) => core.completeLinks(i.query, i.fromId, i.limit),
    'links.mentions': (i) => core.mentions(i.id, i.limit),
    'links.linkIt': (i) => core.linkIt(i),
    'links.retargetImpact': (i) => core.retargetImpact(i.id, i.from),
    'links.retarget': (i) => core.retargetLinks(i.id, i.from),
    'tags.list': async () => core.listTags(),
    'tags.check': async (i) => ({ tag: normalizeTag(i.tag) }),
    'export.run': (i) =>
      core.exportMarkdown(i.scope, i.dir, {
        ...(i.format ? { format: i.format } : {}),
        ...(i.order ? { order: i.order } : {}),
        ...(i.jobId ? { jobId: i.jobId } : {}),
        ...release(i),
      }),
    'export.archive': async (i) => {
      const { bytes, ...a } = await core.exportArchive(i.scope, {
        ...(i.order ? { order: i.order } : {}),
        ...release(i),
      });
      return { ...a, base64: Buffer.from(bytes).toString('base64') };
    },
    'export.check': async (i) => core.checkExport(i.scope, i.partner),
    'export.log': () => core.exportLog(),
    'print.prepare': (i) =>
      core.preparePrint(i.scope, { ...(i.order ? { order: i.order } : {}), ...release(i) }),
    'markings.scheme': async () => core.markingScheme(),
    'markings.setScheme': (i) => core.setMarkingScheme(i.scheme),
    'markings.setNote': ({ id, ...patch }) => core.setNoteMarking(id, marking(patch)),
    'markings.setTopic': ({ id, ...patch }) => core.setTopicMarking(id, marking(patch)),
    'import.preview': (i) => core.previewImport(i.source, i.jobId),
    'import.run': (i) => core.runImport(i.source, i.jobId),
    'jobs.progress': async (i) => core.jobs.progress(i.jobId),
    'jobs.cancel': async (i) => ({ cancelled: core.jobs.cancel(i.jobId) }),
    'sample.load': () => core.loadSample(),
    'undo.peek': async () => core.peekUndo(),
    'undo.run': (i) => core.runUndo(i),
    'tags.rename': (i) => core.renameTag(i.from, i.to),
    'tags.merge': (i) => core.mergeTags(i.source, i.target),
    'tags.delete': (i) => core.deleteTag(i.tag),
    'savedSearches.list': async () => core.listSavedSearches(),
    'savedSearches.create': (i) => core.createSavedSearch(i),
    'savedSearches.update': (i) => core.updateSavedSearch(i),
    'savedSearches.delete': (i) => core.deleteSavedSearch(i.id),
    'trash.restore': (i) => core.restoreFromTrash(i.kind, i.id),
    'trash.get': async (i) => trashedNote(core.store.get(), i.id),
    'trash.empty': () => core.emptyTrash(),
    'settings.setTrashRetention': async (i) => {
      await core.setTrashRetention(i.days);
      return null;
    },
    'backups.list': () => core.listBackups(),
    'backups.restore': (i) => core.restoreBackup(i.name),
    'revisions.list': async (i) => ({
      items: await core.listRevisions(i.noteId),
      setAside: await core.keptHistory(i.noteId),
    }),
    'revisions.diff': (i) => core.diffRevision(i.noteId, i.rev),
    'revisions.restore': (i) => core.restoreRevision(i.noteId, i.rev),
    'attachments.add': (i) => core.attach(i.path, { name: i.name, incoming: i.incoming }),
    'attachments.list': (i) => core.listAttachments(i.noteId),
    'attachments.get': async (i) => core.getAttachment(i.id),
    'attachments.addBytes': (i) => core.attachBytes(i.bytes, i.name),
    'attachments.read': (i) => core.readAttachment(i.id, i.offset, i.length),
    'attachments.rename': (i) => core.renameAttachment(i.noteId, i.id, i.name),
    'attachments.remove': (i) => core.removeAttachment(i.noteId, i.id),
    'attachments.saveAs': (i) => core.saveAttachmentAs(i.id, i.dest),
    'attachments.text': async (i) => core.attachmentText(i.id),
    'attachments.limit': async () => core.attachmentLimit(),
    'settings.setAttachmentLimit': async (i) => {
      await core.setAttachmentLimit(i.bytes);
      return null;
    },
    'recovery.status': async () => ({ problem: null, backups: await core.listBackups() }),
    'recovery.restore': async () => {
      throw new DossierError('CONFLICT', 'The notes file opened normally; use backups.restore instead.');
    },
    // Encryption at rest opens and closes the core, so the host answers these (shell/in-process-host.ts);
    // a core used on its own (tests, CLI) is an unprotected one.
    'protection.status': async () => ({
      protected: false,
      locked: false,
      state: 'off',
      hasRecoveryKey: false,
      autoLockMinutes: null,
      kdf: null,
    }),
    'protection.unlock': hostOnly,
    'protection.lock': hostOnly,
    'protection.enable': hostOnly,
    'protection.disable': hostOnly,
    'protection.changePassphrase': hostOnly,
    'protection.newRecoveryKey': hostOnly,
    'protection.setAutoLock': hostOnly,
    // No protection, no auto-lock: nothing to restart.
    'protection.touch': async () => ({ autoLockInMs: null }),
  };
}

async function hostOnly(): Promise<never> {
  throw new DossierError('CONFLICT', 'Protection is managed by the app host, not by the core on its own.');
}

/**
 * The one entry point every shell uses: validates the call name and input from `unknown`,
 * runs the handler and returns a Result. Never throws.
 */
export async function dispatch(api: DossierApi, name: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_CALL', message: `Unknown call: ${String(name).slice(0, 80)}` },
    };
  }
  const parsed = contract[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: `Invalid input for ${name}${where}: ${issue?.message ?? 'invalid'}`,
      },
    };
  }
  try {
    const handler = api[name] as (i: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}

/** Convenience for shells that need a throw-style call (CLI). */
export async function call<K extends CallName>(
  api: DossierApi,
  name: K,
  input: unknown,
): Promise<Awaited<ReturnType<DossierApi[K]>>> {
  const r = await dispatch(api, name, input);
  if (!r.ok) throw new DossierError(r.error.code, r.error.message, r.error.details);
  return r.value as Awaited<ReturnType<DossierApi[K]>>;
}
